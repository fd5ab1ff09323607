import Testing
@testable import SatchelCapture
