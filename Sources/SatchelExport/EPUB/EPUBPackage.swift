import Foundation
import SatchelCapture
import SatchelShared

/// The files that describe an EPUB 3 book: the container, the package document (metadata, manifest,
/// spine), the navigation document and an NCX for EPUB 2 readers. Every value is escaped for XML.
struct EPUBPackage {
    /// A file of the book, with its manifest entry.
    struct Item {
        var id: String
        /// Its path relative to the package document.
        var href: String
        var mediaType: String
        var properties: String?
    }

    /// A chapter: its file and its title in the table of contents.
    struct Chapter {
        var item: Item
        var title: String
    }

    var title: String
    var identifier: String
    var language: String
    var modified: Date
    var chapters: [Chapter] = []
    /// Every other file: cover, images, stylesheet.
    var resources: [Item] = []

    static let container = """
        <?xml version="1.0" encoding="UTF-8"?>
        <container version="1.0" xmlns="urn:oasis:names:tc:opendocument:xmlns:container">
          <rootfiles>
            <rootfile full-path="OEBPS/content.opf" media-type="application/oebps-package+xml"/>
          </rootfiles>
        </container>

        """

    /// `content.opf`.
    func packageDocument() -> String {
        var opf = """
            <?xml version="1.0" encoding="UTF-8"?>
            <package xmlns="http://www.idpf.org/2007/opf" version="3.0" unique-identifier="book-id" xml:lang="\(language)">
              <metadata xmlns:dc="http://purl.org/dc/elements/1.1/">
                <dc:identifier id="book-id">\(XMLText.escaped(identifier))</dc:identifier>
                <dc:title>\(XMLText.escaped(title))</dc:title>
                <dc:language>\(language)</dc:language>
                <dc:creator>Satchel</dc:creator>
                <dc:date>\(Self.timestamp(modified))</dc:date>
                <meta property="dcterms:modified">\(Self.timestamp(modified))</meta>
                <meta name="cover" content="cover-image"/>
              </metadata>
              <manifest>
                <item id="nav" href="nav.xhtml" media-type="application/xhtml+xml" properties="nav"/>
                <item id="ncx" href="toc.ncx" media-type="application/x-dtbncx+xml"/>

            """
        for item in resources + chapters.map(\.item) {
            opf += "    <item id=\"\(item.id)\" href=\"\(XMLText.escaped(item.href))\" media-type=\"\(item.mediaType)\""
            if let properties = item.properties { opf += " properties=\"\(properties)\"" }
            opf += "/>\n"
        }
        opf += "  </manifest>\n  <spine toc=\"ncx\">\n    <itemref idref=\"cover\"/>\n    <itemref idref=\"nav\"/>\n"
        for chapter in chapters { opf += "    <itemref idref=\"\(chapter.item.id)\"/>\n" }
        return opf + "  </spine>\n</package>\n"
    }

    /// `nav.xhtml`: the table of contents and the landmarks.
    func navigationDocument() -> String {
        var nav = EPUBChapterDocument.head(title: "Contents", language: language, stylesheet: "style.css")
        nav += "<body>\n<nav epub:type=\"toc\" id=\"toc\">\n<h1>Contents</h1>\n<ol>\n"
        for chapter in chapters {
            nav += "<li><a href=\"\(XMLText.escaped(chapter.item.href))\" dir=\"auto\">\(XMLText.escaped(chapter.title))</a></li>\n"
        }
        nav += "</ol>\n</nav>\n<nav epub:type=\"landmarks\" hidden=\"hidden\">\n<h2>Landmarks</h2>\n<ol>\n"
        nav += "<li><a epub:type=\"cover\" href=\"cover.xhtml\">Cover</a></li>\n"
        nav += "<li><a epub:type=\"toc\" href=\"#toc\">Contents</a></li>\n"
        if let first = chapters.first {
            nav += "<li><a epub:type=\"bodymatter\" href=\"\(XMLText.escaped(first.item.href))\">Articles</a></li>\n"
        }
        return nav + "</ol>\n</nav>\n</body>\n</html>\n"
    }

    /// `toc.ncx`, for readers that predate EPUB 3.
    func ncx() -> String {
        var ncx = """
            <?xml version="1.0" encoding="UTF-8"?>
            <ncx xmlns="http://www.daisy.org/z3986/2005/ncx/" version="2005-1" xml:lang="\(language)">
              <head>
                <meta name="dtb:uid" content="\(XMLText.escaped(identifier))"/>
                <meta name="dtb:depth" content="1"/>
                <meta name="dtb:totalPageCount" content="0"/>
                <meta name="dtb:maxPageNumber" content="0"/>
              </head>
              <docTitle><text>\(XMLText.escaped(title))</text></docTitle>
              <navMap>

            """
        for (position, chapter) in chapters.enumerated() {
            ncx += "    <navPoint id=\"point-\(position + 1)\" playOrder=\"\(position + 1)\">"
            ncx += "<navLabel><text>\(XMLText.escaped(chapter.title))</text></navLabel>"
            ncx += "<content src=\"\(XMLText.escaped(chapter.item.href))\"/></navPoint>\n"
        }
        return ncx + "  </navMap>\n</ncx>\n"
    }

    /// `2026-03-14T09:26:53Z`, the form `dcterms:modified` requires.
    static func timestamp(_ date: Date) -> String {
        String(SatchelJSON.string(from: date).prefix(19)) + "Z"
    }
}
