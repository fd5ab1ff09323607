import Hummingbird
import SatchelShared

// The shared models a route returns as its whole answer, written by the context's `SatchelResponseEncoder`.
extension Post: ResponseEncodable {}
extension Comment: ResponseEncodable {}
extension User: ResponseEncodable {}
extension Author: ResponseEncodable {}
extension TokenResponse: ResponseEncodable {}
extension RegisterResponse: ResponseEncodable {}
extension CaptureResponse: ResponseEncodable {}
extension FollowStatus: ResponseEncodable {}
extension FollowList: ResponseEncodable {}
