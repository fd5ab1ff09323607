import Foundation
import SatchelShared

/// How a capture's outcome is written into a saved article's record fields, the same on a reader's machine
/// and on the server: what the capture found fills what the reader has not set, and a failure keeps the
/// previous readable copy.
public enum CaptureRecordFields {
    /// Writes a successful capture: its files join the attachments, the readable copy becomes the
    /// current one, and the title, site, excerpt and byline come from the page unless the reader set them
    /// (a title or site still equal to the address's host is the placeholder a save without one gets).
    public static func apply(_ capture: PageCapture, to fields: inout [String: JSONValue], at now: Date) {
        let placeholder = host(of: fields["url"]?.stringValue ?? "") ?? ""
        func fill(_ name: String, _ value: String?) {
            guard let value, !value.isEmpty else { return }
            let current = fields[name]?.stringValue ?? ""
            if current.isEmpty || current == placeholder { fields[name] = .string(String(value.prefix(limit(name)))) }
        }
        let article = capture.article
        fill("title", capture.title)
        fill("siteName", article?.siteName ?? host(of: capture.finalURL))
        fill("excerpt", article?.excerpt)
        fill("byline", article?.byline)
        fields["finalUrl"] = .string(String(capture.finalURL.prefix(2048)))
        fields["readingMinutes"] = .number(Double(min(article?.readingTime ?? 0, 100_000)))
        fields["captureStatus"] = .string(CaptureStatus.captured.rawValue)
        fields["captureError"] = .string("")
        fields["capturedAt"] = .string(SatchelJSON.string(from: now))
        fields["captureDigest"] = .string(capture.main.attachment.digest.text)
        var attachments = Attachment.list(fields["attachments"])
        var known = Set(attachments.map(\.digest))
        for file in capture.files where known.insert(file.attachment.digest).inserted { attachments.append(file.attachment) }
        fields["attachments"] = .array(attachments.map(\.json))
    }

    /// Writes a failed capture: the status and the reason; the previous readable copy, if any, stays.
    public static func applyFailure(_ reason: String, to fields: inout [String: JSONValue]) {
        fields["captureStatus"] = .string(CaptureStatus.failed.rawValue)
        fields["captureError"] = .string(String(reason.prefix(1000)))
    }

    private static func limit(_ name: String) -> Int {
        switch name {
        case "title", "byline": 500
        case "siteName": 200
        default: 2000
        }
    }

    private static func host(of url: String) -> String? {
        URL(string: url)?.host
    }
}
