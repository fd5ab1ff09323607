/// Pages written for the tests: an article of a few paragraphs inside the usual page furniture.
enum Pages {
    static let sentences = [
        "The river had been rising for three days before anyone in the village thought to move the boats, and by then the water was lapping at the steps of the church.",
        "Old Marta, who had seen two floods already, said that this one smelled different, colder, as if it had come down from the mountains in a hurry.",
        "Nobody argued with her; they carried chairs, photographs and sacks of flour up to the school on the hill, and waited, listening to the rain on the tin roof.",
        "In the morning the bridge was gone, but the school stood, and the children, delighted, declared it the best holiday they had ever had.",
        "The mayor, a careful man, wrote everything down in a notebook, which is how we know the water reached exactly one metre and twelve centimetres.",
    ]

    /// The article's paragraphs as HTML.
    static var paragraphs: String { sentences.map { "<p>\($0)</p>" }.joined(separator: "\n") }

    /// A whole page: `head` inside `<head>`, `article` as the story, navigation and a footer around it.
    static func page(head: String = "", article: String = paragraphs, after: String = "", htmlAttributes: String = "lang=en") -> String {
        """
        <!doctype html><html \(htmlAttributes)><head><title>The Flood That Took the Bridge - Village News</title>\(head)</head><body>
        <nav><ul><li><a href="/">Home</a></li><li><a href="/news">News</a></li><li><a href="/sport">Sport</a></li></ul></nav>
        <div class="main"><article><h1>The Flood That Took the Bridge</h1>\(article)</article>\(after)</div>
        <footer><p>© Village News. All rights reserved. Contact us at the office on the square.</p></footer>
        </body></html>
        """
    }

    static func extract(_ html: String, url: String? = "https://news.example/2024/flood.html") -> Article {
        ArticleExtractor.extract(bytes: Array(html.utf8), url: url.flatMap(URL.init(string:)))
    }
}

import Foundation
import SatchelCapture
