/// The fixed limits of accepted images and the variants made of them.
public enum ImageLimits {
    /// Largest image, in pixels of one frame: 50 megapixels. Larger ones are refused from their header,
    /// before any pixel is decoded (a decompression bomb claims far more than its bytes).
    public static let maxPixels = 50_000_000
    /// Most frames in an animation.
    public static let maxFrames = 1_000
    /// Most pixels decoded for all frames of an animation together.
    public static let maxAnimationPixels = 50_000_000
    /// The widths variants are made at, never wider than the image: an image narrower than one of them gets
    /// its own width in its place (a 500-pixel image has variants 320 and 500 pixels wide).
    public static let variantWidths = [320, 640, 960, 1280, 1920]
    /// JPEG variants' quality.
    public static let jpegQuality: Int32 = 82
    /// WebP variants' quality.
    public static let webpQuality: Int32 = 80

    /// The widths of the variants of an image `width` pixels wide, ascending.
    public static func widths(forImageWidth width: Int) -> [Int] {
        let widest = min(max(1, width), variantWidths.last!)
        return variantWidths.filter { $0 < widest } + [widest]
    }
}
