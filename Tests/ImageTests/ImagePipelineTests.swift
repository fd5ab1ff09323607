import Foundation
import Testing
@testable import SatchelImages
import SatchelTestSupport

@Suite("Image sniffing and headers")
struct ImageSniffingTests {
    @Test("the type comes from the bytes: each accepted format, and what is refused is named")
    func sniffing() throws {
        #expect(ImageSniffer.sniff(TestImages.png(width: 4, height: 4)) == .image(.png))
        #expect(ImageSniffer.sniff(TestImages.gif(width: 4, height: 4, frames: 1)) == .image(.gif))
        #expect(ImageSniffer.sniff(try TestImages.jpeg(width: 8, height: 8)) == .image(.jpeg))
        #expect(ImageSniffer.sniff(try TestImages.encoded(TestImages.png(width: 8, height: 8), as: .webp)) == .image(.webp))
        let avif: [UInt8] = [0, 0, 0, 0x1C] + Array("ftypavif".utf8) + [0, 0, 0, 0] + Array("avifmif1miaf".utf8)
        #expect(ImageSniffer.sniff(avif) == .image(.avif))
        #expect(ImageSniffer.sniff(TestImages.svg) == .other("an SVG image"))
        #expect(ImageSniffer.sniff([0xEF, 0xBB, 0xBF] + Array("  <svg xmlns='http://www.w3.org/2000/svg'/>".utf8)) == .other("an SVG image"))
        #expect(ImageSniffer.sniff(TestImages.zip()) == .other("a ZIP archive"))
        #expect(ImageSniffer.sniff(Array("<!doctype html><p>hi".utf8)) == .other("HTML or XML text"))
        #expect(ImageSniffer.sniff(Array("%PDF-1.7".utf8)) == .other("a PDF document"))
        #expect(ImageSniffer.sniff([]) == .other("not an image"))
    }

    @Test("sizes and frames are read from the headers of each format")
    func headers() throws {
        #expect(try ImageHeader.read(TestImages.png(width: 33, height: 17), format: .png) == ImageHeader(width: 33, height: 17))
        #expect(try ImageHeader.read(TestImages.gif(width: 12, height: 7, frames: 5), format: .gif) == ImageHeader(width: 12, height: 7, frames: 5))
        #expect(try ImageHeader.read(try TestImages.jpeg(width: 41, height: 29), format: .jpeg) == ImageHeader(width: 41, height: 29))
        let webp = try TestImages.encoded(TestImages.png(width: 50, height: 20), as: .webp)
        #expect(try ImageHeader.read(webp, format: .webp) == ImageHeader(width: 50, height: 20))
        #expect(throws: ImageRefusal.self) { try ImageHeader.read([0xFF, 0xD8, 0xFF, 0xD9], format: .jpeg) }
    }

    @Test("variant widths: the standard ones narrower than the image, and the image's own width at most 1920")
    func widths() {
        #expect(ImageLimits.widths(forImageWidth: 4000) == [320, 640, 960, 1280, 1920])
        #expect(ImageLimits.widths(forImageWidth: 1920) == [320, 640, 960, 1280, 1920])
        #expect(ImageLimits.widths(forImageWidth: 500) == [320, 500])
        #expect(ImageLimits.widths(forImageWidth: 200) == [200])
    }
}

@Suite("Image pipeline")
struct ImagePipelineTests {
    @Test("a photograph gets every width up to its own in WebP and JPEG, never upscaled")
    func variants() throws {
        let jpeg = try TestImages.jpeg(width: 1000, height: 750)
        let image = try ImagePipeline.inspect(jpeg)
        #expect(image == InspectedImage(format: .jpeg, width: 1000, height: 750, frames: 1))
        try ImagePipeline.verify(jpeg, image: image)
        let variants = try ImagePipeline.variants(of: jpeg, image: image)
        #expect(variants.map(\.width) == [320, 320, 640, 640, 960, 960, 1000, 1000])
        #expect(variants.map(\.format) == [.webp, .jpeg, .webp, .jpeg, .webp, .jpeg, .webp, .jpeg])
        #expect(variants.map(\.height) == [240, 240, 480, 480, 720, 720, 750, 750])
        for variant in variants {
            let format: ImageFormat = variant.format == .webp ? .webp : .jpeg
            #expect(ImageSniffer.sniff(variant.bytes) == .image(format))
            #expect(try ImageHeader.read(variant.bytes, format: format) == ImageHeader(width: variant.width, height: variant.height))
        }
    }

    @Test("a small image keeps its size: one variant of each format at its own width")
    func small() throws {
        let png = TestImages.png(width: 90, height: 60, channels: 4)
        let image = try ImagePipeline.inspect(png)
        let variants = try ImagePipeline.variants(of: png, image: image)
        #expect(variants.map(\.width) == [90, 90])
        #expect(variants.map(\.height) == [60, 60])
    }

    @Test("grey and transparent PNGs come out as 8-bit sRGB colour; the JPEG is flattened")
    func colour() throws {
        for channels in [1, 4] {
            let png = TestImages.png(width: 400, height: 300, channels: channels)
            let variants = try ImagePipeline.variants(of: png, image: try ImagePipeline.inspect(png))
            let jpeg = try #require(variants.first { $0.format == .jpeg })
            let tags = try TestImages.exiftool(jpeg.bytes)
            #expect(tags["File:ColorComponents"] as? Int == 3, "channels \(channels): \(tags)")
        }
    }

    @Test("EXIF orientation is applied first, and no variant keeps EXIF, GPS or XMP (read back with exiftool)")
    func gpsAndOrientation() throws {
        let photo = TestImages.withGPSExif(try TestImages.jpeg(width: 800, height: 600), orientation: 6)
        let original = try TestImages.exiftool(photo)
        #expect(original["GPS:GPSLatitude"] != nil, "the test image carries GPS: \(original.keys.sorted())")
        let image = try ImagePipeline.inspect(photo)
        #expect(image.width == 600 && image.height == 800)
        let variants = try ImagePipeline.variants(of: photo, image: image)
        #expect(variants.map(\.width) == [320, 320, 600, 600])
        #expect(variants.map(\.height) == [427, 427, 800, 800])
        for variant in variants {
            let tags = try TestImages.exiftool(variant.bytes)
            let leaked = tags.keys.filter { key in
                ["GPS:", "IFD0:", "ExifIFD:", "XMP", "IPTC", "ICC", "Photoshop"].contains { key.hasPrefix($0) || key.contains($0) }
            }
            #expect(leaked.isEmpty, "\(variant.format) \(variant.width): \(leaked.sorted())")
        }
    }

    @Test("an animated GIF keeps its frames in WebP; the JPEG is its first frame")
    func animation() throws {
        let gif = TestImages.gif(width: 400, height: 300, frames: 3)
        let image = try ImagePipeline.inspect(gif)
        #expect(image == InspectedImage(format: .gif, width: 400, height: 300, frames: 3))
        let variants = try ImagePipeline.variants(of: gif, image: image)
        #expect(variants.map(\.width) == [320, 320, 400, 400])
        let webp = try #require(variants.first { $0.format == .webp })
        #expect(try ImageHeader.read(webp.bytes, format: .webp) == ImageHeader(width: 320, height: 240, frames: 3))
        let jpeg = try #require(variants.first { $0.format == .jpeg })
        #expect(try ImageHeader.read(jpeg.bytes, format: .jpeg) == ImageHeader(width: 320, height: 240))
    }
}

@Suite("Hostile images")
struct HostileImageTests {
    @Test("a PNG claiming 100,000 × 100,000 pixels is refused from its header, the process's memory bounded")
    func decompressionBomb() throws {
        let bomb = TestImages.pngClaiming(width: 100_000, height: 100_000)
        let before = TestImages.residentBytes()
        #expect(throws: ImageRefusal.tooManyPixels(width: 100_000, height: 100_000, frames: 1)) {
            try ImagePipeline.inspect(bomb)
        }
        // Its pixels would take 30 GB; the process grew by far less than 200 MB.
        #expect(TestImages.residentBytes() - before < 200 << 20)
        // Just over and just under 50 megapixels, also from the header alone.
        #expect(throws: ImageRefusal.self) { try ImagePipeline.inspect(TestImages.pngClaiming(width: 7_072, height: 7_072)) }
        #expect(try ImagePipeline.inspect(TestImages.pngClaiming(width: 7_000, height: 7_000)).width == 7_000)
    }

    @Test("a truncated JPEG passes the header checks and is refused by the whole decode")
    func truncated() throws {
        let jpeg = try TestImages.jpeg(width: 1200, height: 900)
        let cut = Array(jpeg.prefix(jpeg.count * 2 / 3))
        let image = try ImagePipeline.inspect(cut)
        #expect(throws: ImageRefusal.self) { try ImagePipeline.verify(cut, image: image) }
        #expect(throws: ImageRefusal.self) { try ImagePipeline.variants(of: cut, image: image) }
        #expect(throws: ImageRefusal.self) { try ImagePipeline.inspect(Array(jpeg.prefix(40))) }
    }

    @Test("a JPEG that is also an HTML page is read as a JPEG, and no variant carries the markup")
    func htmlPolyglot() throws {
        let polyglot = TestImages.htmlPolyglot(try TestImages.jpeg(width: 700, height: 500))
        #expect(String(decoding: polyglot, as: UTF8.self).contains("<script>"))
        let image = try ImagePipeline.inspect(polyglot)
        #expect(image.format == .jpeg)
        for variant in try ImagePipeline.variants(of: polyglot, image: image) {
            #expect(!String(decoding: variant.bytes, as: UTF8.self).contains("<script"))
            #expect(!String(decoding: variant.bytes, as: UTF8.self).contains("<html"))
        }
    }

    @Test("a GIF of 10,000 frames is refused from its blocks, counted without decoding them")
    func tenThousandFrames() throws {
        let gif = TestImages.gif(width: 4, height: 4, frames: 10_000)
        #expect(throws: ImageRefusal.tooManyFrames(ImageLimits.maxFrames + 1)) { try ImagePipeline.inspect(gif) }
        // Many frames of a large canvas: refused by their pixels in all.
        let large = TestImages.gifClaiming(width: 5_000, height: 5_000, frames: 3)
        #expect(throws: ImageRefusal.tooManyPixels(width: 5_000, height: 5_000, frames: 3)) { try ImagePipeline.inspect(large) }
    }

    @Test("a file named .png that is a ZIP, an SVG, and text are refused as what they are")
    func notImages() {
        #expect(throws: ImageRefusal.unsupported(found: "a ZIP archive")) { try ImagePipeline.inspect(TestImages.zip()) }
        #expect(throws: ImageRefusal.unsupported(found: "an SVG image")) { try ImagePipeline.inspect(TestImages.svg) }
        #expect(throws: ImageRefusal.unsupported(found: "not an image")) { try ImagePipeline.inspect(Array("hello".utf8)) }
    }

    @Test("a PNG with a damaged header and a GIF with a lying screen size are refused, not decoded")
    func damaged() {
        var png = TestImages.png(width: 20, height: 20)
        png[12] = UInt8(ascii: "X")  // IHDR renamed
        #expect(throws: ImageRefusal.self) { try ImagePipeline.inspect(png) }
        #expect(throws: ImageRefusal.self) { try ImagePipeline.inspect([0xFF, 0xD8, 0xFF]) }
    }

    @Test("metadata blocks are cut from WebP and JPEG files whatever the encoder wrote")
    func stripper() throws {
        let photo = TestImages.withGPSExif(try TestImages.jpeg(width: 64, height: 48))
        let stripped = MetadataStripper.strip(photo, format: .jpeg)
        #expect(try TestImages.exiftool(stripped)["GPS:GPSLatitude"] == nil)
        #expect(try ImageHeader.read(stripped, format: .jpeg) == ImageHeader(width: 64, height: 48))
        var webp = try TestImages.encoded(TestImages.png(width: 30, height: 20), as: .webp)
        let exif = Array("EXIF".utf8) + [4, 0, 0, 0] + [1, 2, 3, 4]
        webp += exif
        let size = webp.count - 8
        webp[4...7] = [UInt8(size & 0xFF), UInt8(size >> 8 & 0xFF), UInt8(size >> 16 & 0xFF), UInt8(size >> 24)]
        let clean = MetadataStripper.strip(webp, format: .webp)
        #expect(clean.count == webp.count - exif.count)
        #expect(!String(decoding: clean, as: UTF8.self).contains("EXIF"))
    }
}
