import Foundation

/// What capturing one address produced: a readable copy with its images, or a file kept as it is.
public struct PageCapture: Sendable, Equatable {
    /// The address asked for.
    public var requestedURL: String
    /// The address the content finally came from, after redirects.
    public var finalURL: String
    /// The readable copy; nil when the address held a file (a PDF or an image).
    public var article: CapturedArticle?
    /// The readable copy's `article.json`, or the file itself.
    public var main: CapturedFile
    /// The images fetched for the readable copy, one per digest.
    public var images: [CapturedFile]
    /// Images the body keeps that could not be fetched (they stay links to the web).
    public var failedImages: Int
    /// Bytes received over the network for the page and its images.
    public var bytesOnWire: Int

    /// Every file the capture stored, the main one first.
    public var files: [CapturedFile] { [main] + images }

    /// The title the capture found (the file's name for a file).
    public var title: String { article?.title ?? main.attachment.name }
}
