import CCurl
import Shared

/// The Satchel client library: a reader's local store, change log and sync engine.
///
/// This module is grown by the client issue; today it only pins its dependencies
/// (Shared and libcurl through CCurl) so the package layout is complete.
public enum SatchelClientInfo {
    /// The wire protocol version this client speaks.
    public static let protocolVersion = ProtocolVersion.current
    /// The libcurl build the client is linked against, e.g. `libcurl/7.88.1 OpenSSL/3.0.15 …`.
    public static var curlVersion: String { String(cString: curl_version()) }
}
