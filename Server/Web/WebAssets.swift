import Crypto
import Foundation
import Mustache

/// The blog's templates and static files, read once from the module's resources.
///
/// The stylesheet is served under a name holding a hash of its content (`/static/site-1a2b3c4d5e.css`),
/// so it can be cached for a year and still change the moment the file does.
struct WebAssets: Sendable {
    /// A static file held in memory.
    struct StaticFile: Sendable {
        /// The bytes.
        let data: Data
        /// The `Content-Type`.
        let contentType: String
        /// Whether the name holds a content hash (cached for a year, immutable).
        let immutable: Bool
    }

    /// Why the assets could not be loaded: a packaging mistake, never the reader's.
    struct LoadError: Error, CustomStringConvertible {
        let description: String
    }

    /// The Mustache templates, by file name without `.mustache`.
    let templates: MustacheLibrary
    /// Static files by the name they are served under (`/static/{name}`).
    let files: [String: StaticFile]
    /// The stylesheet's path, e.g. `/static/site-1a2b3c4d5e.css`.
    let stylesheetPath: String

    /// The assets bundled with the server, loaded on first use.
    static let bundled: Result<WebAssets, LoadError> = {
        guard let root = Bundle.module.url(forResource: "Web", withExtension: nil) else {
            return .failure(LoadError(description: "The Web resources are missing from the server bundle."))
        }
        return Result { try WebAssets(root: root) }.mapError { LoadError(description: "\($0)") }
    }()

    /// Loads `templates/*.mustache` and `static/*` under `root`.
    init(root: URL) throws {
        let manager = FileManager.default
        var library = MustacheLibrary()
        let templateFolder = root.appendingPathComponent("templates")
        for name in try manager.contentsOfDirectory(atPath: templateFolder.path) where name.hasSuffix(".mustache") {
            let text = try String(contentsOf: templateFolder.appendingPathComponent(name), encoding: .utf8)
            do {
                try library.register(text, named: String(name.dropLast(".mustache".count)))
            } catch {
                throw LoadError(description: "Template \(name) does not parse: \(error)")
            }
        }
        var files: [String: StaticFile] = [:]
        var stylesheet: String?
        let staticFolder = root.appendingPathComponent("static")
        for name in try manager.contentsOfDirectory(atPath: staticFolder.path) {
            let data = try Data(contentsOf: staticFolder.appendingPathComponent(name))
            let type = Self.contentType(ofFileNamed: name)
            if name == "site.css" {
                let hash = SHA256.hash(data: data).prefix(5).map { String(format: "%02x", $0) }.joined()
                let hashed = "site-\(hash).css"
                files[hashed] = StaticFile(data: data, contentType: type, immutable: true)
                stylesheet = "/static/\(hashed)"
            } else {
                files[name] = StaticFile(data: data, contentType: type, immutable: false)
            }
        }
        guard let stylesheet else { throw LoadError(description: "static/site.css is missing.") }
        self.templates = library
        self.files = files
        self.stylesheetPath = stylesheet
    }

    /// Renders the template `name` with `model`; a missing template is a packaging error.
    func render(_ model: Any, template name: String) throws -> String {
        guard let text = templates.render(model, withTemplate: name) else {
            throw LoadError(description: "No template named \(name).")
        }
        return text
    }

    private static func contentType(ofFileNamed name: String) -> String {
        switch name.split(separator: ".").last.map({ $0.lowercased() }) {
        case "css": "text/css; charset=utf-8"
        case "svg": "image/svg+xml"
        case "png": "image/png"
        case "jpg", "jpeg": "image/jpeg"
        case "webp": "image/webp"
        default: "application/octet-stream"
        }
    }
}
