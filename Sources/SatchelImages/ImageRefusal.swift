/// Why an upload is not an image Satchel accepts. Each case's ``detail`` is shown to the uploader.
public enum ImageRefusal: Error, Sendable, Equatable {
    /// The bytes are not one of the accepted types; `found` names what they are ("an SVG image", "a ZIP archive").
    case unsupported(found: String)
    /// Over ``ImageLimits/maxPixels`` (per frame) or ``ImageLimits/maxAnimationPixels`` (all frames).
    case tooManyPixels(width: Int, height: Int, frames: Int)
    /// More than ``ImageLimits/maxFrames`` frames.
    case tooManyFrames(Int)
    /// The bytes start like an accepted type but cannot be read whole (truncated, corrupt, inconsistent).
    case undecodable(String)

    /// One sentence for the uploader.
    public var detail: String {
        switch self {
        case .unsupported(let found):
            "The file is \(found); accepted images are JPEG, PNG, WebP, GIF and AVIF (SVG is never accepted)."
        case .tooManyPixels(let width, let height, let frames):
            frames > 1
                ? "The animation is \(width)×\(height) pixels in \(frames) frames; at most \(ImageLimits.maxAnimationPixels) pixels in all are accepted."
                : "The image is \(width)×\(height) pixels; at most \(ImageLimits.maxPixels) pixels (50 megapixels) are accepted."
        case .tooManyFrames(let frames):
            "The animation has \(frames) or more frames; at most \(ImageLimits.maxFrames) are accepted."
        case .undecodable(let why):
            "The image cannot be read: \(why)."
        }
    }
}
