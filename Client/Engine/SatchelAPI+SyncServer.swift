import Foundation
import SatchelShared

extension SatchelAPI: SyncServer {}
