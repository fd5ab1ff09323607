/// Element names the parser knows (the tags with a rule in the HTML Standard's tree construction), numbered
/// like Gumbo's `GumboTag` so that sets of them are bit sets; every other name is ``HTMLTag/unknown``.
enum HTMLTag {
    /// A name outside the known list (custom elements, most SVG and MathML names).
    static let unknown: UInt16 = 0xFFFF
    /// The known names, by number.
    static let names: [String] = [
        "html", "head", "title", "base", "link", "meta", "style", "script", "noscript", "template", "body", "article",
        "section", "nav", "aside", "h1", "h2", "h3", "h4", "h5", "h6", "hgroup", "header", "footer", "address", "p",
        "hr", "pre", "blockquote", "ol", "ul", "li", "dl", "dt", "dd", "figure", "figcaption", "main", "div", "a",
        "em", "strong", "small", "s", "cite", "q", "dfn", "abbr", "data", "time", "code", "var", "samp", "kbd", "sub",
        "sup", "i", "b", "u", "mark", "ruby", "rt", "rp", "bdi", "bdo", "span", "br", "wbr", "ins", "del", "image",
        "img", "iframe", "embed", "object", "param", "video", "audio", "source", "track", "canvas", "map", "area",
        "math", "mi", "mo", "mn", "ms", "mtext", "mglyph", "malignmark", "annotation-xml", "svg", "foreignobject",
        "desc", "table", "caption", "colgroup", "col", "tbody", "thead", "tfoot", "tr", "td", "th", "form",
        "fieldset", "legend", "label", "input", "button", "select", "datalist", "optgroup", "option", "textarea",
        "keygen", "output", "progress", "meter", "details", "summary", "menu", "menuitem", "applet", "acronym",
        "bgsound", "dir", "frame", "frameset", "noframes", "isindex", "listing", "xmp", "nextid", "noembed",
        "plaintext", "rb", "strike", "basefont", "big", "blink", "center", "font", "marquee", "multicol", "nobr",
        "spacer", "tt", "rtc",
    ]
    static let html: UInt16 = 0
    static let head: UInt16 = 1
    static let title: UInt16 = 2
    static let base: UInt16 = 3
    static let link: UInt16 = 4
    static let meta: UInt16 = 5
    static let style: UInt16 = 6
    static let script: UInt16 = 7
    static let noscript: UInt16 = 8
    static let template: UInt16 = 9
    static let body: UInt16 = 10
    static let article: UInt16 = 11
    static let section: UInt16 = 12
    static let nav: UInt16 = 13
    static let aside: UInt16 = 14
    static let h1: UInt16 = 15
    static let h2: UInt16 = 16
    static let h3: UInt16 = 17
    static let h4: UInt16 = 18
    static let h5: UInt16 = 19
    static let h6: UInt16 = 20
    static let hgroup: UInt16 = 21
    static let header: UInt16 = 22
    static let footer: UInt16 = 23
    static let address: UInt16 = 24
    static let p: UInt16 = 25
    static let hr: UInt16 = 26
    static let pre: UInt16 = 27
    static let blockquote: UInt16 = 28
    static let ol: UInt16 = 29
    static let ul: UInt16 = 30
    static let li: UInt16 = 31
    static let dl: UInt16 = 32
    static let dt: UInt16 = 33
    static let dd: UInt16 = 34
    static let figure: UInt16 = 35
    static let figcaption: UInt16 = 36
    static let main: UInt16 = 37
    static let div: UInt16 = 38
    static let a: UInt16 = 39
    static let em: UInt16 = 40
    static let strong: UInt16 = 41
    static let small: UInt16 = 42
    static let s: UInt16 = 43
    static let cite: UInt16 = 44
    static let q: UInt16 = 45
    static let dfn: UInt16 = 46
    static let abbr: UInt16 = 47
    static let data: UInt16 = 48
    static let time: UInt16 = 49
    static let code: UInt16 = 50
    static let variable: UInt16 = 51
    static let samp: UInt16 = 52
    static let kbd: UInt16 = 53
    static let sub: UInt16 = 54
    static let sup: UInt16 = 55
    static let i: UInt16 = 56
    static let b: UInt16 = 57
    static let u: UInt16 = 58
    static let mark: UInt16 = 59
    static let ruby: UInt16 = 60
    static let rt: UInt16 = 61
    static let rp: UInt16 = 62
    static let bdi: UInt16 = 63
    static let bdo: UInt16 = 64
    static let span: UInt16 = 65
    static let br: UInt16 = 66
    static let wbr: UInt16 = 67
    static let ins: UInt16 = 68
    static let del: UInt16 = 69
    static let image: UInt16 = 70
    static let img: UInt16 = 71
    static let iframe: UInt16 = 72
    static let embed: UInt16 = 73
    static let object: UInt16 = 74
    static let param: UInt16 = 75
    static let video: UInt16 = 76
    static let audio: UInt16 = 77
    static let source: UInt16 = 78
    static let track: UInt16 = 79
    static let canvas: UInt16 = 80
    static let map: UInt16 = 81
    static let area: UInt16 = 82
    static let math: UInt16 = 83
    static let mi: UInt16 = 84
    static let mo: UInt16 = 85
    static let mn: UInt16 = 86
    static let ms: UInt16 = 87
    static let mtext: UInt16 = 88
    static let mglyph: UInt16 = 89
    static let malignmark: UInt16 = 90
    static let annotationXML: UInt16 = 91
    static let svg: UInt16 = 92
    static let foreignObject: UInt16 = 93
    static let desc: UInt16 = 94
    static let table: UInt16 = 95
    static let caption: UInt16 = 96
    static let colgroup: UInt16 = 97
    static let col: UInt16 = 98
    static let tbody: UInt16 = 99
    static let thead: UInt16 = 100
    static let tfoot: UInt16 = 101
    static let tr: UInt16 = 102
    static let td: UInt16 = 103
    static let th: UInt16 = 104
    static let form: UInt16 = 105
    static let fieldset: UInt16 = 106
    static let legend: UInt16 = 107
    static let label: UInt16 = 108
    static let input: UInt16 = 109
    static let button: UInt16 = 110
    static let select: UInt16 = 111
    static let datalist: UInt16 = 112
    static let optgroup: UInt16 = 113
    static let option: UInt16 = 114
    static let textarea: UInt16 = 115
    static let keygen: UInt16 = 116
    static let output: UInt16 = 117
    static let progress: UInt16 = 118
    static let meter: UInt16 = 119
    static let details: UInt16 = 120
    static let summary: UInt16 = 121
    static let menu: UInt16 = 122
    static let menuitem: UInt16 = 123
    static let applet: UInt16 = 124
    static let acronym: UInt16 = 125
    static let bgsound: UInt16 = 126
    static let dir: UInt16 = 127
    static let frame: UInt16 = 128
    static let frameset: UInt16 = 129
    static let noframes: UInt16 = 130
    static let isindex: UInt16 = 131
    static let listing: UInt16 = 132
    static let xmp: UInt16 = 133
    static let nextid: UInt16 = 134
    static let noembed: UInt16 = 135
    static let plaintext: UInt16 = 136
    static let rb: UInt16 = 137
    static let strike: UInt16 = 138
    static let basefont: UInt16 = 139
    static let big: UInt16 = 140
    static let blink: UInt16 = 141
    static let center: UInt16 = 142
    static let font: UInt16 = 143
    static let marquee: UInt16 = 144
    static let multicol: UInt16 = 145
    static let nobr: UInt16 = 146
    static let spacer: UInt16 = 147
    static let tt: UInt16 = 148
    static let rtc: UInt16 = 149
}
