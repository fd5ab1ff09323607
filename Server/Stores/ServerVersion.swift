/// The version of this server build, reported by `/health`, `satchel_build_info` and `satchel status --verbose`.
public enum ServerVersion {
    /// The release this source tree builds.
    public static let current = "0.4.0"
}
