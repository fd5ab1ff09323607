import CCurl
import Shared

/// The Satchel client library: a reader's local store, change log and sync engine.
///
/// This module is grown by the client issue; today it only pins its dependencies
/// (Shared and libcurl through CCurl) so the package layout is complete.
public enum SatchelClientInfo {
    /// The wire protocol version this client speaks.
    public static let protocolVersion = ProtocolVersion.current
    /// The libcurl version the client is linked against, e.g. `7.88.1`.
    public static var curlVersion: String { String(cString: curl_version_info(CURLVERSION_NOW).pointee.version) }
}
