import Foundation
import Hummingbird
import SatchelHTTP
import SatchelImages
import SatchelShared
import SatchelStores

/// `POST /v1/media`: an image, sent as the raw body (`Content-Type` and `Content-Disposition: attachment;
/// filename=…`) or as the `file` field of a `multipart/form-data` body (with optional `alt`, `caption` and
/// `credit` fields). Authors and admins only. The bytes are checked before anything is stored: the type is
/// sniffed from them (the declared type and the name are hints only), the size is read from the header and
/// limited, and one whole decode refuses truncated or corrupt files. Then the original is stored as a blob
/// of the uploader, the item is created with its variants pending, and they are queued.
struct MediaUpload {
    let dependencies: ServerDependencies

    /// What the request carried.
    struct Received {
        var bytes: [UInt8]
        var name: String?
        var alt: String?
        var caption: String?
        var credit: String?
    }

    func create(_ request: Request, _ context: SatchelRequestContext) async throws -> Response {
        let user = try context.requireUser()
        guard user.role.canPublish else {
            throw APIError.forbidden("Only authors and admins may upload media; ask an admin for the author role.")
        }
        let received = try await receive(request, context)
        var validator = FieldValidator()
        let alt = validator.text(received.alt, field: "alt", maxLength: MediaLimits.maxAltLength, required: false) ?? ""
        let caption = validator.text(
            received.caption, field: "caption", maxLength: MediaLimits.maxCaptionLength, required: false) ?? ""
        let credit = validator.text(received.credit, field: "credit", maxLength: MediaLimits.maxCreditLength, required: false) ?? ""
        try validator.check()
        let bytes = received.bytes
        let image: InspectedImage
        do {
            image = try await BackgroundPriorityThread.run(idle: false) {
                Result {
                    let image = try ImagePipeline.inspect(bytes)
                    try ImagePipeline.verify(bytes, image: image)
                    return image
                }
            }.get()
        } catch let refusal as ImageRefusal {
            throw MediaProblems.refused(refusal)
        }
        let limits = dependencies.blobLimits
        let usage = try await dependencies.blobs.blobUsage(userId: user.id).bytes
        if usage + Int64(bytes.count) > limits.quotaBytes { throw BlobProblems.quotaExceeded(quota: limits.quotaBytes, usage: usage) }
        let writer = MediaBlobWriter(blobs: dependencies.blobs, clock: dependencies.clock)
        let digest = try await writer.store(bytes, owner: user.id, mediaType: image.format.mediaType)
        let now = dependencies.clock()
        let media = try await dependencies.media.createMedia(Media(
            id: UUID(), ownerId: user.id, digest: digest, mediaType: image.format.mediaType, size: Int64(bytes.count),
            name: Self.fileName(received.name, format: image.format), width: image.width, height: image.height,
            frames: image.frames, alt: alt, caption: caption, credit: credit, variantsStatus: .pending, variants: [],
            createdAt: now, updatedAt: now))
        await MediaVariantMaker(dependencies: dependencies).enqueue(media.id)
        return try BlobJSON.response(media, status: .created, headers: [.location: "/v1/media/\(media.id)"])
    }

    /// The body, as a raw image or a form.
    private func receive(_ request: Request, _ context: SatchelRequestContext) async throws -> Received {
        let limit = Int(min(Int64(MediaLimits.maxUploadBytes), dependencies.blobLimits.maxBlobBytes))
        if let text = request.headers[.contentLength], let length = Int64(text), length > limit {
            throw BlobProblems.tooLarge(limit: Int64(limit))
        }
        var request = request
        let body: [UInt8]
        do {
            body = Array(try await request.bodyData(context: context.allowingBodies(upTo: limit)))
        } catch let error as HTTPError where error.status == .contentTooLarge {
            throw BlobProblems.tooLarge(limit: Int64(limit))
        }
        let contentType = request.headers[.contentType]
        guard MultipartForm.isMultipart(contentType) else {
            let disposition = request.headers[BlobHeaders.contentDisposition].map(ContentDisposition.parameters) ?? [:]
            return Received(bytes: body, name: disposition["filename*"] ?? disposition["filename"])
        }
        guard let boundary = MultipartForm.boundary(contentType: contentType),
              let form = MultipartForm(body: body, boundary: boundary)
        else {
            throw APIError.malformedBody("The multipart/form-data body is not well formed (RFC 7578).", field: "file")
        }
        for field in ["file", "alt", "caption", "credit"] where form.count(named: field) > 1 {
            throw APIError.malformedBody("The form names '\(field)' more than once.", field: field)
        }
        guard let file = form.part(named: "file") else {
            throw APIError.validation([FieldError(field: "file", message: "is required: the image, as a file field.")])
        }
        func text(_ name: String) throws -> String? {
            guard let part = form.part(named: name) else { return nil }
            guard let value = String(validating: part.bytes, as: UTF8.self) else {
                throw APIError.validation([FieldError(field: name, message: "must be UTF-8 text.")])
            }
            return value
        }
        return Received(bytes: Array(file.bytes), name: file.fileName, alt: try text("alt"), caption: try text("caption"),
                        credit: try text("credit"))
    }

    /// The name an item is stored under: the uploaded one when it is a safe file name, else `image.<ext>`.
    static func fileName(_ name: String?, format: ImageFormat) -> String {
        let base = name.map { ($0 as NSString).lastPathComponent } ?? ""
        return AttachmentRules.isFileName(base) && TextRules.length(base) <= 255 ? base : "image.\(format.fileExtension)"
    }
}
