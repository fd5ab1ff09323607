/// The rules for parsing tokens in foreign content (SVG and MathML), and the attribute name adjustments
/// of foreign elements. Tag names keep the tokenizer's lowercase spelling: a ``Document`` has always shown
/// lowercase names (`foreignobject`), so the Standard's SVG tag case adjustments would show nowhere.
extension HTMLTreeParser {
    /// The rules for parsing tokens in foreign content.
    mutating func processForeign(_ kind: TokenKind) {
        switch kind {
        case .characters, .endOfFile: return
        case .comment: flushText()
        case .doctype: return
        case .startTag:
            let fontBreaks = token.tag == HTMLTag.font
                && (tokenAttribute("color") != nil || tokenAttribute("face") != nil || tokenAttribute("size") != nil)
            if TagSet.foreignBreakout.contains(token.tag) || fontBreaks {
                repeat {
                    popCurrentNode()
                } while !(isMathMLTextIntegrationPoint(currentNode) || isHTMLIntegrationPoint(currentNode)
                          || isHTMLNamespace(currentNode))
                reprocess = true
                return
            }
            let namespace = arena.namespaces[Int(currentNode)]
            if namespace == .mathML { adjustMathMLAttributes() }
            if namespace == .svg { adjustSVGAttributes() }
            adjustForeignAttributes()
            insertForeignElementFromToken(namespace)
            if token.selfClosing { popCurrentNode() }
        case .endTag:
            foreignEndTag()
        }
    }

    /// An end tag in foreign content. Gumbo compares the source text between `</` and `>` (attributes and
    /// spaces included) with each foreign element's source name, ignoring ASCII case.
    private mutating func foreignEndTag() {
        var index = openElements.count - 1
        var node = openElements[index]
        while index > 0 {
            if foreignNameMatchesEndTag(node) {
                while !openElements.isEmpty {
                    if popCurrentNode() == node { break }
                }
                return
            }
            index -= 1
            node = openElements[index]
            if isHTMLNamespace(node) { break }
        }
        processInMode(.endTag)
    }

    private func foreignNameMatchesEndTag(_ node: Int32) -> Bool {
        let spelling = arena.sourceNames[node] ?? names.spellings[Int(arena.names[Int(node)])]
        var start = token.rawStart, end = token.rawEnd
        var text = input
        if !sourceAnchors.isEmpty {
            let rewritten = InputStream.Rewritten(bytes: [], anchors: sourceAnchors)
            start = rewritten.sourceOffset(start)
            end = rewritten.sourceOffset(end)
            text = source
        }
        guard spelling.count == end - start else { return false }
        var offset = 0
        for byte in spelling {
            if Self.lower(text[start + offset]) != Self.lower(byte) { return false }
            offset += 1
        }
        return true
    }

    // MARK: - Attribute adjustments

    /// Renames the token's first attribute called `from` to `to`.
    private mutating func renameTokenAttribute(_ from: StaticString, _ to: StaticString) {
        for index in token.attributes.indices {
            let attribute = token.attributes[index]
            guard arena.bytesEqual(Int(attribute.nameStart), Int(attribute.nameCount), from) else { continue }
            let start = Int32(arena.attributeBytes.count)
            arena.attributeBytes.append(contentsOf: UnsafeBufferPointer(start: to.utf8Start, count: to.utf8CodeUnitCount))
            token.attributes[index].nameStart = start
            token.attributes[index].nameCount = Int32(to.utf8CodeUnitCount)
            return
        }
    }

    /// "Adjust MathML attributes".
    mutating func adjustMathMLAttributes() {
        guard !token.attributes.isEmpty else { return }
        renameTokenAttribute("definitionurl", "definitionURL")
    }

    /// "Adjust SVG attributes" (Gumbo's table, which lacks four obsolete names).
    mutating func adjustSVGAttributes() {
        guard !token.attributes.isEmpty else { return }
        for (from, to) in Self.svgAttributeNames { renameTokenAttribute(from, to) }
    }

    /// "Adjust foreign attributes": Gumbo keeps the local name only (`xlink:href` becomes `href`).
    mutating func adjustForeignAttributes() {
        guard !token.attributes.isEmpty else { return }
        for (from, to) in Self.foreignAttributeNames { renameTokenAttribute(from, to) }
    }

    static let foreignAttributeNames: [(StaticString, StaticString)] = [
        ("xlink:actuate", "actuate"), ("xlink:href", "href"), ("xlink:role", "role"), ("xlink:show", "show"),
        ("xlink:title", "title"), ("xlink:type", "type"), ("xml:base", "base"), ("xml:lang", "lang"),
        ("xml:space", "space"), ("xmlns", "xmlns"), ("xmlns:xlink", "xlink"),
    ]

    static let svgAttributeNames: [(StaticString, StaticString)] = [
        ("attributename", "attributeName"), ("attributetype", "attributeType"), ("basefrequency", "baseFrequency"),
        ("baseprofile", "baseProfile"), ("calcmode", "calcMode"), ("clippathunits", "clipPathUnits"),
        ("diffuseconstant", "diffuseConstant"), ("edgemode", "edgeMode"), ("filterunits", "filterUnits"),
        ("glyphref", "glyphRef"), ("gradienttransform", "gradientTransform"), ("gradientunits", "gradientUnits"),
        ("kernelmatrix", "kernelMatrix"), ("kernelunitlength", "kernelUnitLength"), ("keypoints", "keyPoints"),
        ("keysplines", "keySplines"), ("keytimes", "keyTimes"), ("lengthadjust", "lengthAdjust"),
        ("limitingconeangle", "limitingConeAngle"), ("markerheight", "markerHeight"), ("markerunits", "markerUnits"),
        ("markerwidth", "markerWidth"), ("maskcontentunits", "maskContentUnits"), ("maskunits", "maskUnits"),
        ("numoctaves", "numOctaves"), ("pathlength", "pathLength"), ("patterncontentunits", "patternContentUnits"),
        ("patterntransform", "patternTransform"), ("patternunits", "patternUnits"), ("pointsatx", "pointsAtX"),
        ("pointsaty", "pointsAtY"), ("pointsatz", "pointsAtZ"), ("preservealpha", "preserveAlpha"),
        ("preserveaspectratio", "preserveAspectRatio"), ("primitiveunits", "primitiveUnits"), ("refx", "refX"),
        ("refy", "refY"), ("repeatcount", "repeatCount"), ("repeatdur", "repeatDur"),
        ("requiredextensions", "requiredExtensions"), ("requiredfeatures", "requiredFeatures"),
        ("specularconstant", "specularConstant"), ("specularexponent", "specularExponent"),
        ("spreadmethod", "spreadMethod"), ("startoffset", "startOffset"), ("stddeviation", "stdDeviation"),
        ("stitchtiles", "stitchTiles"), ("surfacescale", "surfaceScale"), ("systemlanguage", "systemLanguage"),
        ("tablevalues", "tableValues"), ("targetx", "targetX"), ("targety", "targetY"), ("textlength", "textLength"),
        ("viewbox", "viewBox"), ("viewtarget", "viewTarget"), ("xchannelselector", "xChannelSelector"),
        ("ychannelselector", "yChannelSelector"), ("zoomandpan", "zoomAndPan"),
    ]
}
