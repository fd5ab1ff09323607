import CCurl
import Foundation

/// Reads a part of a file for curl's read callback, so a large request body is never whole in memory.
/// Reached from C through an unretained pointer and touched only by the thread running the transfer.
final class CurlFileReader {
    /// How many bytes the part holds.
    let length: Int64
    private let file: UnsafeMutablePointer<FILE>
    private var remaining: Int64

    /// Opens `slice`'s file at its offset; `nil` when it cannot be opened or is shorter than the slice.
    init?(_ slice: FileSlice) {
        guard slice.offset >= 0, slice.length >= 0, let file = fopen(slice.path, "rb") else { return nil }
        var status = stat()
        guard fstat(fileno(file), &status) == 0, Int64(status.st_size) >= slice.offset + slice.length,
              fseeko(file, off_t(slice.offset), SEEK_SET) == 0
        else {
            fclose(file)
            return nil
        }
        self.file = file
        self.length = slice.length
        self.remaining = slice.length
    }

    deinit {
        fclose(file)
    }

    /// Copies the next bytes (at most `max`, never past the slice) into `buffer`; 0 at the end. A read error
    /// returns curl's abort code.
    func read(into buffer: UnsafeMutablePointer<CChar>, max: Int) -> Int {
        let wanted = Int(min(Int64(max), remaining))
        guard wanted > 0 else { return 0 }
        let got = fread(buffer, 1, wanted, file)
        guard got > 0 else { return Int(CURL_READFUNC_ABORT) }
        remaining -= Int64(got)
        return got
    }
}
