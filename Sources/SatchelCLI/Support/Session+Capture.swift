import Foundation
import SatchelClient
import SatchelFetch
import SatchelPageCapture

extension Session {
    /// The fetch rules for page capture: the standard ones, plus the networks `SATCHEL_CAPTURE_ALLOW` (or
    /// the profile's `captureAllow`) allows and the reader's `Accept-Language`.
    func fetchPolicy(environment: [String: String] = ProcessInfo.processInfo.environment) throws -> FetchPolicy {
        var policy = FetchPolicy.standard
        let allow = environment["SATCHEL_CAPTURE_ALLOW"] ?? profile?.captureAllow ?? ""
        do {
            policy.allowedNetworks = try IPNetwork.parseList(allow)
        } catch {
            throw CLIError("SATCHEL_CAPTURE_ALLOW must list networks such as 198.18.0.0/15: \(error)", exitCode: ExitStatus.usage)
        }
        policy.acceptLanguage = environment["SATCHEL_ACCEPT_LANGUAGE"] ?? profile?.acceptLanguage
            ?? AcceptLanguage.header(forLocale: environment["LC_ALL"] ?? environment["LANG"])
        return policy
    }

    /// Saves addresses with their content, fetched from this machine.
    func articleSaver() throws -> ArticleSaver {
        ArticleSaver(store: store, capturer: PageCapturer(fetcher: GuardedFetcher(policy: try fetchPolicy())))
    }

    /// The capture queue: four captures at once, one request per host every second, or every
    /// `SATCHEL_CAPTURE_HOST_INTERVAL` seconds (0.05 to 3,600) when set.
    func captureQueue(environment: [String: String] = ProcessInfo.processInfo.environment) throws -> CaptureQueue {
        var interval = Duration.seconds(1)
        if let text = environment["SATCHEL_CAPTURE_HOST_INTERVAL"] {
            guard let seconds = Double(text), seconds >= 0.05, seconds <= 3_600 else {
                throw CLIError("SATCHEL_CAPTURE_HOST_INTERVAL must be a number of seconds from 0.05 to 3600.", exitCode: ExitStatus.usage)
            }
            interval = .milliseconds(Int(seconds * 1000))
        }
        return CaptureQueue(
            store: store, fetcher: GuardedFetcher(policy: try fetchPolicy()), pacer: HostPacer(interval: interval))
    }
}

/// The `Accept-Language` a POSIX locale name stands for.
enum AcceptLanguage {
    /// `fr_CH.UTF-8` → `fr-CH, fr;q=0.9`; `C`, `POSIX` or nothing → nil (no header).
    static func header(forLocale locale: String?) -> String? {
        guard let locale, !locale.isEmpty else { return nil }
        let name = locale.split(separator: ".").first.map(String.init) ?? locale
        let base = name.split(separator: "@").first.map(String.init) ?? name
        guard base != "C", base != "POSIX" else { return nil }
        let parts = base.split(separator: "_")
        guard let language = parts.first, (2...3).contains(language.count), language.allSatisfy({ $0.isASCII && $0.isLetter })
        else { return nil }
        if parts.count > 1, let region = parts.last, (2...3).contains(region.count), region.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber) }) {
            return "\(language.lowercased())-\(region.uppercased()), \(language.lowercased());q=0.9"
        }
        return language.lowercased()
    }
}
