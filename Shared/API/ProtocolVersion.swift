/// Versions of the Satchel wire protocol.
public enum ProtocolVersion {
    /// The version this build speaks; sent as the `Satchel-Protocol` header.
    public static let current = 1
    /// The header that carries the protocol version.
    public static let headerName = "Satchel-Protocol"
}
