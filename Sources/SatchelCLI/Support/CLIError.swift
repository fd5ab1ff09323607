import SatchelClient
import Foundation
import SatchelShared

/// A failure the tool reports as one line on standard error, with an exit code scripts can test.
public struct CLIError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What went wrong, in one sentence a person can act on.
    public var message: String
    /// The process exit status.
    public var exitCode: Int32

    /// Creates an error.
    public init(_ message: String, exitCode: Int32 = ExitStatus.failure) {
        self.message = message
        self.exitCode = exitCode
    }

    /// The message.
    public var description: String { message }

    /// The error a library error becomes: a sentence without internals, and the status that classes it.
    public static func from(_ error: any Error) -> CLIError {
        switch error {
        case let error as CLIError:
            return error
        case let error as LocalStoreError:
            if case .notFound = error { return CLIError(error.description, exitCode: ExitStatus.notFound) }
            if case .noServer = error { return .notLoggedIn }
            return CLIError(error.description, exitCode: ExitStatus.usage)
        case let error as TransportError:
            return from(error)
        case is CancellationError:
            return CLIError("Interrupted.", exitCode: ExitStatus.interrupted)
        default:
            // Storage and system errors: say what kind, not the SQL or the stack.
            return CLIError("Could not complete the command (\(type(of: error))).")
        }
    }

    private static func from(_ error: TransportError) -> CLIError {
        switch error {
        case .network:
            return CLIError(
                "\(error.description) Check the server address or try again later.", exitCode: ExitStatus.unavailable)
        case .http(401, _, _):
            return CLIError(
                "The server did not accept the saved login; run `satchel login` again.", exitCode: ExitStatus.auth)
        case .http(403, let problem, _):
            return CLIError(problem?.detail ?? "The server refused: not allowed.", exitCode: ExitStatus.auth)
        case .http(404, let problem, _):
            return CLIError(problem?.detail ?? "Not found on the server.", exitCode: ExitStatus.notFound)
        case .http(let status, let problem, _):
            var detail = problem?.detail ?? "The server answered \(status)."
            if let fields = problem?.errors, !fields.isEmpty {
                detail += " (" + fields.map { "\($0.field) \($0.message)" }.joined(separator: "; ") + ")"
            }
            return CLIError(detail, exitCode: status >= 500 ? ExitStatus.unavailable : ExitStatus.failure)
        case .malformedResponse:
            return CLIError(error.description, exitCode: ExitStatus.failure)
        }
    }

    /// No profile, or no token in it.
    public static let notLoggedIn = CLIError(
        "Not logged in: run `satchel login --server URL --username NAME` first.", exitCode: ExitStatus.auth)
}

/// Exit statuses, following BSD `sysexits.h` where one fits so scripts can tell failures apart.
public enum ExitStatus {
    /// Success.
    public static let success: Int32 = 0
    /// Any other failure.
    public static let failure: Int32 = 1
    /// Bad arguments or values (EX_USAGE).
    public static let usage: Int32 = 64
    /// No such record (EX_NOINPUT).
    public static let notFound: Int32 = 66
    /// The server could not be reached or failed (EX_UNAVAILABLE).
    public static let unavailable: Int32 = 69
    /// Not logged in or not allowed (EX_NOPERM).
    public static let auth: Int32 = 77
    /// Stopped by Ctrl-C (128 + SIGINT).
    public static let interrupted: Int32 = 130
}
