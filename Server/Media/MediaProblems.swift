import Foundation
import Hummingbird
import SatchelHTTP
import SatchelImages
import SatchelShared

/// The problems of the media API.
enum MediaProblems {
    /// The answer to an image Satchel does not accept.
    static func refused(_ refusal: ImageRefusal) -> APIError {
        switch refusal {
        case .unsupported:
            APIError(
                .unsupportedMediaType, type: "/problems/unsupported-image", title: "Not an accepted image",
                detail: refusal.detail, errors: [FieldError(field: "file", message: refusal.detail)])
        case .tooManyPixels, .tooManyFrames:
            APIError(
                .unprocessableContent, type: "/problems/image-too-large", title: "Image too large",
                detail: refusal.detail, errors: [FieldError(field: "file", message: refusal.detail)])
        case .undecodable:
            APIError(
                .unprocessableContent, type: "/problems/invalid-image", title: "Invalid image",
                detail: refusal.detail, errors: [FieldError(field: "file", message: refusal.detail)])
        }
    }

    /// The media item is absent or not the caller's.
    static let notFound = APIError.notFound("The media item")
}
