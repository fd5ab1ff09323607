import Foundation
import Hummingbird
import HummingbirdTesting
import SatchelShared
import Testing
@testable import SatchelServer
#if canImport(FoundationXML)
import FoundationXML
#endif

@Suite("Atom feeds over HTTP")
struct AtomFeedTests {
    /// The feed's entries as (id, title, author name), read by Foundation's XML parser.
    static func entries(of xml: String) throws -> [(id: String, title: String, author: String)] {
        let reader = AtomReader()
        let parser = XMLParser(data: Data(xml.utf8))
        parser.delegate = reader
        #expect(parser.parse(), "well-formed XML: \(parser.parserError.map { "\($0)" } ?? "")")
        #expect(reader.rootName == "feed" && reader.rootNamespace == "http://www.w3.org/2005/Atom")
        return reader.entries
    }

    @Test("the site feed is Atom with stable ids, authors and content; a new post appears in it and its author's")
    func siteAndAuthorFeeds() async throws {
        try await LiveServer.run { server in
            try await DemoContent.load(into: server.dependencies)
            let response = try await server.send(.get, "/feed.atom")
            #expect(response.status == .ok)
            #expect(response.headers[.contentType] == "application/atom+xml; charset=utf-8")
            let before = try Self.entries(of: response.bodyText)
            #expect(before.count == DemoArticles.all.count)
            #expect(before.allSatisfy { $0.id.hasPrefix("urn:uuid:") })
            #expect(before.first?.title == "SQLite on the Server")
            #expect(!response.bodyText.contains("@example.com"))
            #expect(response.bodyText.contains("&lt;p&gt;"), "content is escaped HTML")
            #expect(try Self.entries(of: try await server.send(.get, "/feed.atom").bodyText).map(\.id) == before.map(\.id),
                    "ids are stable")

            let login = try await server.send(.post, "/v1/tokens", json: LoginRequest(username: "ada", password: DemoContent.password))
            let token = try login.decode(TokenResponse.self).token
            _ = try await server.createPost(CreatePostRequest(title: "Fresh from the press", body: "New words.", tags: ["news"]), token: token)
            let after = try Self.entries(of: try await server.send(.get, "/feed.atom").bodyText)
            #expect(after.first?.title == "Fresh from the press" && after.count == before.count + 1)
            let ada = try Self.entries(of: try await server.send(.get, "/authors/ada/feed.atom").bodyText)
            #expect(ada.first?.title == "Fresh from the press" && ada.allSatisfy { $0.author == "Ada Lovelace" })
            let grace = try Self.entries(of: try await server.send(.get, "/authors/grace/feed.atom").bodyText)
            #expect(!grace.isEmpty && grace.allSatisfy { $0.author == "Grace Hopper" })
            let tagged = try Self.entries(of: try await server.send(.get, "/tags/news/feed.atom").bodyText)
            #expect(tagged.map(\.title) == ["Fresh from the press"])
            #expect(try await server.send(.get, "/authors/nobody/feed.atom").status == .notFound)
        }
    }

    @Test("feeds carry ETag and Last-Modified and answer both conditional headers with 304")
    func conditional() async throws {
        try await LiveServer.run { server in
            _ = try await server.authorWithPost(title: "Only post")
            let response = try await server.send(.get, "/feed.atom")
            let etag = try #require(response.headers[.eTag])
            let modified = try #require(response.headers[.lastModified])
            #expect(modified.hasSuffix(" GMT"))
            let byTag = try await server.send(.get, "/feed.atom", headers: [.ifNoneMatch: etag])
            #expect(byTag.status == .notModified && byTag.body.readableBytes == 0)
            let byDate = try await server.send(.get, "/feed.atom", headers: [.ifModifiedSince: modified])
            #expect(byDate.status == .notModified)
            let stale = try await server.send(.get, "/feed.atom", headers: [.ifModifiedSince: "Mon, 01 Jan 2001 00:00:00 GMT"])
            #expect(stale.status == .ok)
            let otherTag = try await server.send(.get, "/feed.atom", headers: [.ifNoneMatch: "\"other\""])
            #expect(otherTag.status == .ok)
        }
    }
}

/// Collects the root element and each entry's id, title and author name.
private final class AtomReader: NSObject, XMLParserDelegate {
    var rootName: String?
    var rootNamespace: String?
    var entries: [(id: String, title: String, author: String)] = []
    private var path: [String] = []
    private var text = ""
    private var current: (id: String, title: String, author: String)?

    override init() { super.init() }

    func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?,
                attributes: [String: String] = [:]) {
        if rootName == nil {
            rootName = name
            rootNamespace = attributes["xmlns"] ?? namespaceURI
        }
        path.append(name)
        text = ""
        if name == "entry" { current = ("", "", "") }
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) { text += string }

    func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
        let parent = path.dropLast().last
        switch (name, parent) {
        case ("id", "entry"): current?.id = text
        case ("title", "entry"): current?.title = text
        case ("name", "author"): current?.author = text
        case ("entry", _): if let current { entries.append(current) }
        default: break
        }
        path.removeLast()
        text = ""
    }
}
