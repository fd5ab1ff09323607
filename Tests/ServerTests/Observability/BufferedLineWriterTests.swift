import Foundation
import Testing
@testable import SatchelServer

/// The request log's buffered writer: whole lines, in order, nothing left behind.
@Suite("Buffered line writer")
struct BufferedLineWriterTests {
    /// A pipe whose read end a plain thread (not the cooperative pool) drains; returns all that was written.
    private static func withPipe(_ body: (Int32) throws -> Void) throws -> String {
        var ends: [Int32] = [0, 0]
        #expect(pipe(&ends) == 0)
        let reader = FileHandle(fileDescriptor: ends[0], closeOnDealloc: true)
        let box = DataBox()
        let finished = DispatchSemaphore(value: 0)
        Thread {
            box.data = reader.readDataToEndOfFile()
            finished.signal()
        }.start()
        try body(ends[1])
        close(ends[1])
        finished.wait()
        return String(decoding: box.data, as: UTF8.self)
    }

    @Test("lines from many threads arrive whole and each thread's lines in order, after a flush")
    func concurrentLinesStayWhole() throws {
        let text = try Self.withPipe { descriptor in
            let writer = BufferedLineWriter(descriptor: descriptor, flushBytes: 512, interval: .seconds(3600))
            DispatchQueue.concurrentPerform(iterations: 8) { thread in
                for line in 0..<500 { writer.write("thread=\(thread) line=\(line) padding=\(String(repeating: "x", count: line % 37))") }
            }
            writer.flush()
        }
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).dropLast()
        #expect(lines.count == 8 * 500)
        #expect(text.hasSuffix("\n"))
        var next = [Int](repeating: 0, count: 8)
        for line in lines {
            let fields = line.split(separator: " ")
            let thread = Int(fields[0].dropFirst("thread=".count))!
            let number = Int(fields[1].dropFirst("line=".count))!
            #expect(number == next[thread], "thread \(thread)'s lines out of order")
            #expect(fields[2] == "padding=" + String(repeating: "x", count: number % 37), "a torn line: \(line)")
            next[thread] = number + 1
        }
    }

    @Test("an urgent line is written at once, without waiting for the buffer to fill or the timer")
    func urgentLineGoesOutAtOnce() throws {
        var ends: [Int32] = [0, 0]
        #expect(pipe(&ends) == 0)
        defer { close(ends[0]); close(ends[1]) }
        let writer = BufferedLineWriter(descriptor: ends[1], flushBytes: 1 << 20, interval: .seconds(3600))
        writer.write("held")
        var probe = pollfd(fd: ends[0], events: Int16(POLLIN), revents: 0)
        #expect(poll(&probe, 1, 50) == 0, "a buffered line was written before any flush")
        writer.write("failed", immediately: true)
        var buffer = [UInt8](repeating: 0, count: 64)
        let count = read(ends[0], &buffer, 64)
        #expect(String(decoding: buffer.prefix(max(count, 0)), as: UTF8.self) == "held\nfailed\n")
    }

    @Test("the background thread writes buffered lines within its interval")
    func timerFlushes() throws {
        var ends: [Int32] = [0, 0]
        #expect(pipe(&ends) == 0)
        defer { close(ends[0]); close(ends[1]) }
        let writer = BufferedLineWriter(descriptor: ends[1], flushBytes: 1 << 20, interval: .milliseconds(10))
        writer.write("eventually")
        var probe = pollfd(fd: ends[0], events: Int16(POLLIN), revents: 0)
        #expect(poll(&probe, 1, 10_000) == 1, "the timer never flushed")
        var buffer = [UInt8](repeating: 0, count: 64)
        let count = read(ends[0], &buffer, 64)
        #expect(String(decoding: buffer.prefix(max(count, 0)), as: UTF8.self) == "eventually\n")
    }
}

private final class DataBox: @unchecked Sendable {
    var data = Data()
}
