import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logging
import NIOCore
import NIOFoundationEssentialsCompat
import ParleyCore
import ParleyEngine
import ParleyServer
import ParleyTestKit
import Testing

/// The HTTP API through Hummingbird's router alone: no socket, no disk (an in-memory
/// journal). The live protocol and the connection limits keep their tests on real sockets.
@Suite("HTTP API, router mode")
struct HTTPRouterTests {
    static let admin: HTTPFields = [
        .authorization: "Bearer \(TestServer.adminToken)", .contentType: "application/json",
    ]

    /// Runs `body` against the application in `.router` mode.
    static func withRouter(
        _ configuration: ParleyServerConfiguration = ParleyServerConfiguration(port: 0),
        journal: InMemoryJournal = InMemoryJournal(),
        _ body: @Sendable (any TestClientProtocol) async throws -> Void
    ) async throws {
        var logger = Logger(label: "parley.test.router")
        logger.logLevel = .critical
        let app = try buildApplication(
            configuration,
            ParleyServerDependencies(
                registry: SessionRegistry(journal: journal, clock: ManualClock(), logger: logger),
                adminToken: AdminToken(token: TestServer.adminToken, source: .environment),
                prometheus: TestMetrics.registry, logger: logger))
        try await app.test(.router, body)
    }

    static func json(_ buffer: ByteBuffer) -> [String: Any] {
        (try? JSONSerialization.jsonObject(with: Data(buffer: buffer))) as? [String: Any] ?? [:]
    }

    static func errorCode(_ buffer: ByteBuffer) -> String? {
        (json(buffer)["error"] as? [String: Any])?["code"] as? String
    }

    static var spec: ByteBuffer {
        ByteBuffer(bytes: (try? JSONEncoder().encode(Fixtures.spec())) ?? Data())
    }

    @Test("creating a session needs the operator's token and a valid spec")
    func createSession() async throws {
        try await Self.withRouter { client in
            try await client.execute(uri: "/api/sessions", method: .post, body: Self.spec) { response in
                #expect(response.status == .unauthorized)
                #expect(Self.errorCode(response.body) == "unauthorized")
            }
            let oneSide = ByteBuffer(
                string: #"{"title":"T","sides":[{"id":"am","name":"A"}],"agenda":[{"title":"x"}]}"#)
            try await client.execute(uri: "/api/sessions", method: .post, headers: Self.admin, body: oneSide) {
                response in
                #expect(response.status == .badRequest)
                #expect(Self.errorCode(response.body) == "invalid")
            }
            try await client.execute(uri: "/api/sessions", method: .post, headers: Self.admin, body: Self.spec) {
                response in
                #expect(response.status == .created)
                let session = Self.json(response.body)
                #expect((session["id"] as? String)?.isSafeIdentifier == true)
                #expect((session["participants"] as? [Any])?.isEmpty == true)
                #expect(session["observers"] as? Int == 0)
                #expect(session["head"] as? Int == 1)
            }
        }
    }

    @Test("a write that may be on disk answers 503 with unconfirmed; one refused before writing, without")
    func unconfirmedWrites() async throws {
        let journal = InMemoryJournal()
        try await Self.withRouter(journal: journal) { client in
            let id = try await client.execute(uri: "/api/sessions", method: .post, headers: Self.admin, body: Self.spec)
            {
                Self.json($0.body)["id"] as? String
            }
            let session = try #require(id)
            let invite = ByteBuffer(string: #"{"name":"Armine Margaryan","role":"member","side":"am"}"#)
            for (fault, unconfirmed) in [
                (InMemoryJournal.Fault.appendsRefused, false), (.appendsWrittenThenFail, true),
            ] {
                journal.inject(fault)
                try await client.execute(
                    uri: "/api/sessions/\(session)/participants", method: .post, headers: Self.admin, body: invite
                ) { response in
                    #expect(response.status == .serviceUnavailable, "\(fault)")
                    let error = Self.json(response.body)["error"] as? [String: Any]
                    #expect(error?["code"] as? String == "unavailable")
                    #expect(error?["unconfirmed"] as? Bool == (unconfirmed ? true : nil), "\(fault)")
                }
                journal.inject(.none)
            }
            journal.inject(.appendsWrittenThenFail)
            try await client.execute(uri: "/api/sessions", method: .post, headers: Self.admin, body: Self.spec) {
                response in
                #expect(response.status == .serviceUnavailable)
                #expect((Self.json(response.body)["error"] as? [String: Any])?["unconfirmed"] as? Bool == true)
            }
            journal.inject(.none)
        }
    }

    @Test("a member's view of the session counts the observers it does not list")
    func memberView() async throws {
        try await Self.withRouter { client in
            let id = try await client.execute(uri: "/api/sessions", method: .post, headers: Self.admin, body: Self.spec)
            {
                Self.json($0.body)["id"] as? String
            }
            let session = try #require(id)
            var tokens: [String: String] = [:]
            for (name, body) in [
                ("member", #"{"name":"Armine Margaryan","role":"member","side":"am"}"#),
                ("observer", #"{"name":"Press","role":"observer"}"#),
            ] {
                tokens[name] = try await client.execute(
                    uri: "/api/sessions/\(session)/participants", method: .post, headers: Self.admin,
                    body: ByteBuffer(string: body)
                ) { response in
                    #expect(response.status == .created)
                    return Self.json(response.body)["token"] as? String
                }
            }
            for (viewer, listed) in [("member", ["Armine Margaryan"]), ("observer", ["Armine Margaryan", "Press"])] {
                let token = try #require(tokens[viewer])
                try await client.execute(
                    uri: "/api/sessions/\(session)", method: .get, headers: [.authorization: "Bearer \(token)"]
                ) { response in
                    #expect(response.status == .ok)
                    let document = Self.json(response.body)
                    let names = (document["participants"] as? [[String: Any]])?.compactMap { $0["name"] as? String }
                    #expect(names == listed, "\(viewer)")
                    #expect(document["observers"] as? Int == 1)
                }
            }
        }
    }

    @Test("an unknown session is notFound; a method a path lacks is 405 with Allow; HEAD answers as GET")
    func notFoundAndMethods() async throws {
        try await Self.withRouter { client in
            try await client.execute(uri: "/api/sessions/nosuchsession", method: .get, headers: Self.admin) {
                response in
                #expect(response.status == .notFound)
                #expect(Self.errorCode(response.body) == "notFound")
            }
            for (method, path, allow) in [
                (HTTPRequest.Method.put, "/api/sessions", "GET, HEAD, POST"), (.delete, "/healthz", "GET, HEAD"),
                (.put, "/api/sessions/abc", "GET, HEAD"), (.get, "/api/sessions/abc/join", "POST, DELETE"),
                (HTTPRequest.Method("QUERY")!, "/metrics", "GET, HEAD"), (HTTPRequest.Method("TRACE")!, "/admin", nil),
            ] {
                try await client.execute(uri: path, method: method, headers: Self.admin) { response in
                    if let allow {
                        #expect(response.status == .methodNotAllowed, "\(method) \(path)")
                        #expect(response.headers[.allow] == allow, "\(method) \(path)")
                        #expect(Self.errorCode(response.body) == "methodNotAllowed", "\(method) \(path)")
                    } else {
                        #expect(response.status == .notFound, "a page answers GET and HEAD only")
                    }
                }
            }
            try await client.execute(uri: "/healthz", method: .head) { response in
                #expect(response.status == .ok)
                #expect(response.headers[.contentLength] == "15")
                #expect(response.headers[.xContentTypeOptions] == "nosniff")
                #expect(response.body.readableBytes == 0)
            }
            try await client.execute(uri: "/api/sessions", method: .head) { response in
                #expect(response.status == .unauthorized)
                #expect(response.body.readableBytes == 0)
            }
            try await client.execute(uri: "/nothing/here", method: .put) { response in
                #expect(response.status == .notFound)
                #expect(Self.errorCode(response.body) == "notFound")
            }
        }
    }

    @Test("/ and /s/{id} serve the room, /admin the console, with a strict policy; files revalidate; no traversal")
    func pagesAndFiles() async throws {
        let publicDirectory = try ServerOperationsTests.temporaryDirectory()
        for (file, text) in [
            ("index.html", "<!doctype html><title>Parley room</title>"),
            ("admin.html", "<!doctype html><title>Organiser's console</title>"),
            ("app.js", "export const room = 1;\n"),
        ] {
            try text.write(toFile: publicDirectory + "/" + file, atomically: true, encoding: .utf8)
        }
        try await Self.withRouter(ParleyServerConfiguration(port: 0, publicDirectory: publicDirectory)) { client in
            for (path, title) in [
                ("/", "Parley room"), ("/s/4s9p4uuut5useeji", "Parley room"), ("/admin", "Organiser's console"),
            ] {
                try await client.execute(uri: path, method: .get) { page in
                    #expect(page.status == .ok, "\(path)")
                    #expect(String(buffer: page.body).contains(title), "\(path)")
                    #expect(page.headers[.contentType]?.hasPrefix("text/html") == true)
                    #expect(page.headers[.contentSecurityPolicy]?.hasPrefix("default-src 'self'") == true)
                    #expect(page.headers[.xContentTypeOptions] == "nosniff")
                    #expect(page.headers[.cacheControl] == "no-cache")
                    #expect(page.headers[.eTag] != nil)
                }
            }
            for path in ["/admin/", "/admin.html/x", "/s/4s9p4uuut5useeji/admin", "/s/Not-A-Session!"] {
                try await client.execute(uri: path, method: .get) { response in
                    #expect(response.status != .ok, "\(path) is no page")
                }
            }
            let etag = try await client.execute(uri: "/app.js", method: .get) { script in
                #expect(script.headers[.contentType]?.contains("javascript") == true)
                return script.headers[.eTag]
            }
            try await client.execute(uri: "/app.js", method: .get, headers: [.ifNoneMatch: try #require(etag)]) {
                #expect($0.status == .notModified)
            }
            try await client.execute(uri: "/%2e%2e/%2e%2e/etc/passwd", method: .get) { traversal in
                #expect(traversal.status == .badRequest, "a dot segment in a path is refused before any file lookup")
                #expect(!String(buffer: traversal.body).contains("root:"))
            }
            // A NUL or control character must not change what a file is served as.
            for path in ["/app.js%00.html", "/app.js%00", "/app.js%0A", "/%5c..%5cindex.html", "/app.js%zz"] {
                try await client.execute(uri: path, method: .get) { disguised in
                    #expect(disguised.status == .badRequest, "\(path)")
                    #expect(!String(buffer: disguised.body).contains("export const room"), "\(path)")
                }
            }
        }
    }
}
