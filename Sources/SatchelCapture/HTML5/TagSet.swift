/// A set of ``HTMLTag`` numbers as three 64-bit words: membership is one shift and one mask.
struct TagSet: Sendable {
    private var words: (UInt64, UInt64, UInt64) = (0, 0, 0)

    init(_ tags: [UInt16]) {
        for tag in tags {
            switch tag >> 6 {
            case 0: words.0 |= 1 << UInt64(tag & 63)
            case 1: words.1 |= 1 << UInt64(tag & 63)
            default: words.2 |= 1 << UInt64(tag & 63)
            }
        }
    }

    /// Whether `tag` is in the set (never for ``HTMLTag/unknown``).
    @inline(__always) func contains(_ tag: UInt16) -> Bool {
        switch tag >> 6 {
        case 0: return words.0 & (1 << UInt64(tag & 63)) != 0
        case 1: return words.1 & (1 << UInt64(tag & 63)) != 0
        case 2: return words.2 & (1 << UInt64(tag & 63)) != 0
        default: return false
        }
    }
}

extension TagSet {
    typealias T = HTMLTag

    static let htmlOnly = TagSet([T.html])
    /// HTML elements that bound "in scope" (with MathML `mi mo mn ms mtext annotation-xml` and SVG
    /// `foreignObject desc title`, checked apart).
    static let defaultScope = TagSet([T.applet, T.caption, T.html, T.table, T.td, T.th, T.marquee, T.object, T.template])
    static let buttonScope = TagSet([T.applet, T.caption, T.html, T.table, T.td, T.th, T.marquee, T.object, T.template, T.button])
    static let listScope = TagSet([T.applet, T.caption, T.html, T.table, T.td, T.th, T.marquee, T.object, T.template, T.ol, T.ul])
    static let tableScope = TagSet([T.html, T.table, T.template])
    static let mathMLScope = TagSet([T.mi, T.mo, T.mn, T.ms, T.mtext, T.annotationXML])
    static let mathMLTextIntegration = TagSet([T.mi, T.mo, T.mn, T.ms, T.mtext])

    static let special = TagSet([
        T.address, T.applet, T.area, T.article, T.aside, T.base, T.basefont, T.bgsound, T.blockquote, T.body, T.br,
        T.button, T.caption, T.center, T.col, T.colgroup, T.menuitem, T.dd, T.details, T.dir, T.div, T.dl, T.dt,
        T.embed, T.fieldset, T.figcaption, T.figure, T.footer, T.form, T.frame, T.frameset, T.h1, T.h2, T.h3, T.h4,
        T.h5, T.h6, T.head, T.header, T.hgroup, T.hr, T.html, T.iframe, T.img, T.input, T.isindex, T.li, T.link,
        T.listing, T.marquee, T.menu, T.meta, T.nav, T.noembed, T.noframes, T.noscript, T.object, T.ol, T.p, T.param,
        T.plaintext, T.pre, T.script, T.section, T.select, T.style, T.summary, T.table, T.tbody, T.td, T.template,
        T.textarea, T.tfoot, T.th, T.thead, T.title, T.tr, T.ul, T.wbr, T.xmp,
    ])

    static let impliedEndTags = TagSet([T.dd, T.dt, T.li, T.option, T.optgroup, T.p, T.rp, T.rb, T.rt, T.rtc])
    static let impliedEndTagsThoroughly = TagSet([
        T.caption, T.colgroup, T.dd, T.dt, T.li, T.option, T.optgroup, T.p, T.rp, T.rt, T.rtc, T.tbody, T.td,
        T.tfoot, T.th, T.head, T.tr,
    ])
    static let tableFosterTargets = TagSet([T.table, T.tbody, T.tfoot, T.thead, T.tr])
    static let headings = TagSet([T.h1, T.h2, T.h3, T.h4, T.h5, T.h6])
    static let formatting = TagSet([T.b, T.big, T.code, T.em, T.font, T.i, T.s, T.small, T.strike, T.strong, T.tt, T.u])
    static let formattingEnd = TagSet([
        T.a, T.b, T.big, T.code, T.em, T.font, T.i, T.nobr, T.s, T.small, T.strike, T.strong, T.tt, T.u,
    ])
    static let closesParagraph = TagSet([
        T.address, T.article, T.aside, T.blockquote, T.center, T.details, T.dir, T.div, T.dl, T.fieldset,
        T.figcaption, T.figure, T.footer, T.header, T.hgroup, T.menu, T.main, T.nav, T.ol, T.p, T.section,
        T.summary, T.ul,
    ])
    static let blockEnd = TagSet([
        T.address, T.article, T.aside, T.blockquote, T.button, T.center, T.details, T.dir, T.div, T.dl, T.fieldset,
        T.figcaption, T.figure, T.footer, T.header, T.hgroup, T.listing, T.main, T.menu, T.nav, T.ol, T.pre,
        T.section, T.summary, T.ul,
    ])
    static let headStartInBody = TagSet([
        T.base, T.basefont, T.bgsound, T.menuitem, T.link, T.meta, T.noframes, T.script, T.style, T.template, T.title,
    ])
    static let ignoredInBody = TagSet([
        T.caption, T.col, T.colgroup, T.frame, T.head, T.tbody, T.td, T.tfoot, T.th, T.thead, T.tr,
    ])
    static let voidInBody = TagSet([T.area, T.br, T.embed, T.img, T.image, T.keygen, T.wbr])
    static let foreignBreakout = TagSet([
        T.b, T.big, T.blockquote, T.body, T.br, T.center, T.code, T.dd, T.div, T.dl, T.dt, T.em, T.embed, T.h1, T.h2,
        T.h3, T.h4, T.h5, T.h6, T.head, T.hr, T.i, T.img, T.li, T.listing, T.menu, T.meta, T.nobr, T.ol, T.p, T.pre,
        T.ruby, T.s, T.small, T.span, T.strong, T.strike, T.sub, T.sup, T.table, T.tt, T.u, T.ul, T.variable,
    ])
    static let selectInTableBreakers = TagSet([T.caption, T.table, T.tbody, T.tfoot, T.thead, T.tr, T.td, T.th])
    static let tableSections = TagSet([T.tbody, T.tfoot, T.thead])
    static let tableStructure = TagSet([T.caption, T.col, T.colgroup, T.tbody, T.td, T.tfoot, T.th, T.thead, T.tr])
}
