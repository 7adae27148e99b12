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
    static func withRouter(_ body: @Sendable (any TestClientProtocol) async throws -> Void) async throws {
        var logger = Logger(label: "parley.test.router")
        logger.logLevel = .warning
        let app = try buildApplication(
            ParleyServerConfiguration(port: 0),
            ParleyServerDependencies(
                registry: SessionRegistry(journal: InMemoryJournal(), clock: ManualClock(), logger: logger),
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

    @Test("an unknown session is notFound; a method a path lacks is 405 with Allow")
    func notFoundAndMethods() async throws {
        try await Self.withRouter { client in
            try await client.execute(uri: "/api/sessions/nosuchsession", method: .get, headers: Self.admin) {
                response in
                #expect(response.status == .notFound)
                #expect(Self.errorCode(response.body) == "notFound")
            }
            try await client.execute(uri: "/api/sessions", method: .put, headers: Self.admin, body: Self.spec) {
                response in
                #expect(response.status == .methodNotAllowed)
                #expect(Self.errorCode(response.body) == "methodNotAllowed")
                #expect(response.headers[.allow]?.contains("POST") == true)
            }
        }
    }
}
