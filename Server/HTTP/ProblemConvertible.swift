import Foundation

/// An error from a lower folder that knows the problem it answers as (status, type, detail, headers), so the
/// one error mapping serves it without knowing the folder it comes from.
public protocol ProblemConvertible: Error {
    /// The problem the response carries.
    var problem: APIError { get }
}
