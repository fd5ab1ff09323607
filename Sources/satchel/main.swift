import Foundation
import SatchelCLI

// The whole tool lives in SatchelCLI so tests can run it in-process; this is only the entry point.
let status = await SatchelCommand.execute(Array(CommandLine.arguments.dropFirst()))
exit(status)
