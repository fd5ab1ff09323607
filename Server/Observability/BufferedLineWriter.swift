#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation
import Synchronization
import SatchelShared

#if canImport(Glibc)
private let systemWrite = Glibc.write
#elseif canImport(Darwin)
private let systemWrite = Darwin.write
#endif

/// Collects log lines in memory and writes them to a file descriptor in few, large `write(2)` calls:
/// when the buffer passes `flushBytes`, when a line must go out at once (errors), and every
/// `interval` from a background thread. A request thread never waits on the descriptor unless the
/// buffer is full, so a burst of requests costs one system call per buffer, not one per line.
///
/// Lines keep their order: every flush takes the write lock before it takes the buffer. A crash can lose
/// the lines of the last `interval`; `flush()` at shutdown writes the rest.
public final class BufferedLineWriter: Sendable {
    private let descriptor: Int32
    private let flushBytes: Int
    private let pending = Mutex<[UInt8]>([])
    private let writing = Mutex(())

    /// Standard output, flushed every 100 ms or at 64 KiB.
    public static let standardOutput = BufferedLineWriter(descriptor: 1, flushBytes: 64 * 1024, interval: .milliseconds(100))

    /// A writer to `descriptor`; a background thread flushes it every `interval`.
    public init(descriptor: Int32, flushBytes: Int, interval: Duration) {
        self.descriptor = descriptor
        self.flushBytes = flushBytes
        let thread = Thread { [weak self] in
            let seconds = interval.inSeconds
            while true {
                Thread.sleep(forTimeInterval: seconds)
                guard let writer = self else { return }
                writer.flush()
            }
        }
        thread.name = "satchel-log-writer"
        thread.start()
    }

    /// Appends `line` and a newline; writes the buffer now when it is full or `immediately` is set.
    public func write(_ line: String, immediately: Bool = false) {
        let full = pending.withLock { buffer in
            buffer.append(contentsOf: line.utf8)
            buffer.append(0x0A)
            return buffer.count >= flushBytes
        }
        if full || immediately { flush() }
    }

    /// Writes everything buffered so far.
    public func flush() {
        writing.withLock { _ in
            let bytes = pending.withLock { buffer in
                let taken = buffer
                buffer.removeAll(keepingCapacity: true)
                return taken
            }
            guard !bytes.isEmpty else { return }
            bytes.withUnsafeBytes { raw in
                var offset = 0
                while offset < raw.count {
                    let written = systemWrite(descriptor, raw.baseAddress! + offset, raw.count - offset)
                    if written > 0 {
                        offset += written
                    } else if written < 0 && errno == EINTR {
                        continue
                    } else {
                        return  // The descriptor is closed or full for good: drop the lines rather than spin.
                    }
                }
            }
        }
    }
}
