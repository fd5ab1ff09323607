import Foundation
import Logging
import Synchronization

/// A swift-log handler that writes one ``LogFormat`` line per event to a ``LogSink``.
///
/// ```swift
/// let logger = Logger(label: "satchel.server") { label in
///     StructuredLogHandler(label: label, format: .json, level: .info, sink: .standardOutput)
/// }
/// ```
public struct StructuredLogHandler: LogHandler {
    /// The logger's label, written as `logger=`.
    public let label: String
    /// The line format.
    public let format: LogFormat
    /// Where lines go.
    public let sink: LogSink
    /// Metadata attached to every line of this logger.
    public var metadata: Logger.Metadata = [:]
    /// The lowest level written.
    public var logLevel: Logger.Level

    /// Creates a handler.
    public init(label: String, format: LogFormat, level: Logger.Level, sink: LogSink) {
        self.label = label
        self.format = format
        self.logLevel = level
        self.sink = sink
    }

    /// One metadata value of this logger.
    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    /// Writes the event as one line.
    public func log(event: LogEvent) {
        var merged = metadata
        if let extra = event.metadata {
            if merged.isEmpty { merged = extra } else { merged.merge(extra) { _, new in new } }
        }
        sink.write(
            format.line(time: Date(), level: event.level, label: label, message: event.message.description, metadata: merged),
            urgent: event.level >= .error)
    }
}

/// Where log lines are written: standard output, or a closure (tests capture lines this way).
public struct LogSink: Sendable {
    private let writeLine: @Sendable (String, Bool) -> Void

    /// A sink calling `write` with each line (without its newline).
    public init(_ write: @escaping @Sendable (String) -> Void) { self.writeLine = { line, _ in write(line) } }

    private init(writing: @escaping @Sendable (String, Bool) -> Void) { self.writeLine = writing }

    /// Writes `line`; an `urgent` line (an error) is not held in a buffer.
    func write(_ line: String, urgent: Bool = false) { writeLine(line, urgent) }

    /// Standard output through ``BufferedLineWriter/standardOutput``: whole lines, never interleaved,
    /// written in batches (errors at once).
    public static let standardOutput = LogSink(writing: { line, urgent in
        BufferedLineWriter.standardOutput.write(line, immediately: urgent)
    })
}
