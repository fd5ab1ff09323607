// The Satchel client library: a reader's saved articles, drafts and offline comments in a local SQLite
// file with a durable change log, synced both ways with a Satchel server over libcurl.
//
//     import SatchelClient
//
//     let api = SatchelAPI(transport: CurlTransport(baseURL: "http://127.0.0.1:8080"), token: token)
//     let store = try LocalStore(path: "laptop.sqlite", server: api)
//     let article = try store.saveArticle(url: "https://example.com/essay", title: "An essay")
//     try store.setProgress(article.id, 0.4)                  // committed locally with its change-log entry
//     try store.queueComment(postId: postId, body: "Great read")   // delivered exactly once
//     let summary = try await store.sync()                     // push the change log, pull the rest
//     for conflict in try store.conflicts() { try store.resolve(conflict.id, .both) }
//
//     // In an app: sync in the background and follow the data.
//     let services = ServiceGroup(services: [BackgroundSync(store: store)], logger: logger)
//     for try await articles in store.observeArticles() { render(articles) }
//
// Layers, one way: Library (LocalStore, BackgroundSync, the live loop) → Engine (SyncEngine, SyncServer)
// → Storage (the SQLite tables) and Transport (libcurl, SatchelAPI), with the pure sync rules
// (SatchelSync) below them all. docs/ARCHITECTURE.md has the map.
