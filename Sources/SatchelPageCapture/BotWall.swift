/// Recognises the challenge pages sites show automated readers instead of the article ("Just a moment…",
/// "Attention Required!", captchas): a capture of one is a failure to retry, not an article.
enum BotWall {
    private static let titles = [
        "just a moment", "attention required", "access denied", "are you a robot", "are you human",
        "verify you are human", "captcha", "security check", "pardon our interruption", "request unsuccessful",
        "ddos-guard", "checking your browser", "bot verification", "please enable javascript", "enable cookies",
    ]

    /// Whether a page with this title and this many words is a challenge rather than an article.
    static func isChallenge(title: String, wordCount: Int) -> Bool {
        guard wordCount < 300 else { return false }
        let lowered = title.lowercased()
        return titles.contains { lowered.contains($0) }
    }
}
