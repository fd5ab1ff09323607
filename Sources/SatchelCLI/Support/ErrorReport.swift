import SatchelShared

/// How a failed command reports its error on stderr: one line of text for people, or with `--json`
/// one JSON object for scripts, `{"error":{"exitCode":66,"message":"…"}}`.
struct ErrorReport {
    /// Whether the command line asked for JSON.
    var json: Bool

    /// The line to write for `message`, ending in a newline.
    func line(_ message: String, exitCode: Int32) -> String {
        guard json else { return "satchel: \(message)\n" }
        let error: JSONValue = .object(["message": .string(message), "exitCode": .number(Double(exitCode))])
        return JSONValue.object(["error": error]).jsonText + "\n"
    }
}
