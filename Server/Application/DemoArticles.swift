import Foundation

/// The demo blog's articles, oldest first: distinct paragraphs separated by blank lines, one featured
/// image with its caption (`![caption](/static/…)` as the first paragraph), one post with comments closed.
enum DemoArticles {
    /// One article; `author` 0 is Ada, 1 is Grace.
    struct Article {
        let title: String
        let author: Int
        let tags: [String]
        let closed: Bool
        let body: String
    }

    static let all: [Article] = [
        Article(title: "Why Offline First", author: 0, tags: ["offline", "sync"], closed: false, body: """
            ![The harbour at dawn: the lighthouse keeps its own light whatever the weather.](/static/harbour-at-dawn.svg)

            Offline-first software treats the network as an optimisation rather than a requirement. The device \
            keeps a full copy of the data that matters to its reader, every change is written locally first, \
            and synchronisation happens whenever a connection allows it.

            The result feels instant. A tap saves an article at once, a draft never waits for a spinner, and a \
            comment written in a tunnel is queued and delivered when the train reaches the next station. Nothing \
            the reader did is lost because a request timed out.

            The price is paid on the server and in the sync protocol. Two laptops may both edit the same draft \
            while apart; when they meet again, the server must decide what each of them meant. Satchel keeps the \
            last confirmed value of every field, so it can tell which side changed what, merge the edits that do \
            not overlap, and keep both versions of the ones that do.

            Exactly-once delivery matters as much as merging. Every change a client pushes carries an id made on \
            the device; a retried push returns the first answer and never applies the change twice. That is what \
            lets a phone on a flaky connection send the same batch three times without posting a comment three \
            times.

            None of this is new: mail clients and version control have worked this way for decades. What is new \
            is expecting it of every app, and the tools to make it ordinary are finally small enough to fit in a \
            weekend project.
            """),
        Article(title: "Hybrid Logical Clocks in Practice", author: 1, tags: ["clocks", "sync"], closed: false, body: """
            Wall clocks drift and logical clocks forget time. A hybrid logical clock keeps both: the physical \
            time when it can, and a counter when two events share a millisecond or a clock runs behind.

            Each timestamp is a pair. When a machine records a change it takes the larger of its wall clock and \
            the last timestamp it has seen; if that leaves the time unchanged, the counter goes up by one. The \
            pair always moves forward, even when the operating system sets the clock back.

            In Satchel the clock decides only what cannot be merged: two different values of the same scalar \
            field. Text is merged three ways, tags as sets, reading progress by taking the larger value. The \
            clock is the last resort, which is why it is worth getting right.
            """),
        Article(title: "A Note on Moderation", author: 0, tags: ["meta"], closed: true, body: """
            Comments are published at once unless something looks off: a hidden honeypot field that a person \
            never sees, too many links, or a comment already posted word for word.

            Those comments are held for a person to decide. The post's author and the site's admins see them \
            through the API and can approve them, mark them as spam, or send them to the trash.

            Comments here are closed, so this page shows how a post without a reply form looks.
            """),
        Article(title: "Three-Way Merges for Prose", author: 1, tags: ["merge", "writing"], closed: false, body: """
            When two machines edit the same draft, the common ancestor tells us who changed what. Edits to \
            different paragraphs merge cleanly; overlapping edits are kept side by side and marked as a conflict.

            Prose is not code. A sentence moved from one paragraph to another is a small edit to a writer and a \
            large one to a line-based diff, so the merge works on paragraphs first and falls back to lines only \
            inside a paragraph both sides touched.

            A conflict is never a lost edit. It is a record that syncs to every machine, carries both versions, \
            and waits until someone picks one or writes a third.
            """),
        Article(title: "Reading Lists That Follow You", author: 0, tags: ["reading"], closed: false, body: """
            A reading list is the simplest thing a sync engine can carry, and the one readers notice first when \
            it fails. An article saved on the phone at lunch should be waiting on the laptop in the evening.

            Each saved article keeps its reading progress, and progress only moves forward when two devices \
            disagree: finishing an article on the train is not undone by a tablet that was left at page one.

            Archiving and favouriting are plain flags. If two machines set them differently while apart, the \
            later change wins, and the reader can always see which state each article is in.
            """),
        Article(title: "SQLite on the Server", author: 1, tags: ["sqlite", "databases"], closed: false, body: """
            SQLite in write-ahead-log mode serves many readers and one writer with ease. For a blog with a few \
            thousand readers and a handful of authors, it is the fastest database you will ever not administer.

            The limits are honest ones. One machine holds the file, so a second server process needs a shared \
            database; that is when Satchel moves to PostgreSQL, with the same stores behind the same protocol.

            Until then, a backup is a copy of one file, a test database is a temporary directory, and the whole \
            server starts in well under a second.
            """),
    ]
}
