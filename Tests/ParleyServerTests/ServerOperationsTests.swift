import Foundation
import NIOSSL
import ParleyCore
import ParleyTestKit
import Testing

@testable import ParleyServer

/// Running the server as operators do: the real binary, signals, restarts, TLS, metrics.
@Suite("Server operations", .serialized, .timeLimit(.minutes(3)))
struct ServerOperationsTests {
    static func temporaryDirectory() throws -> String {
        let path = NSTemporaryDirectory() + "parley-ops-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    /// A session with a member, over HTTP; returns the session id and the member's token.
    static func sessionWithMember(_ base: String, caCertificate: String? = nil) async throws -> (String, String) {
        let spec = String(decoding: try JSONEncoder().encode(Fixtures.spec()), as: UTF8.self)
        let created = try await HTTP.request(
            "POST", base + "/api/sessions", token: TestServer.adminToken, body: spec, caCertificate: caCertificate)
        let id = try #require(created.json?["id"] as? String)
        let added = try await HTTP.request(
            "POST", base + "/api/sessions/\(id)/participants", token: TestServer.adminToken,
            body: #"{"name":"Armine Margaryan","role":"member","side":"am"}"#, caCertificate: caCertificate)
        #expect(added.status == 201)
        #expect((added.json?["joinUrl"] as? String)?.hasPrefix("/s/\(id)#") == true)
        return (id, try #require(added.json?["token"] as? String))
    }

    @Test("killed and restarted on the same data directory, every acked event is still there")
    func killAndRestart() async throws {
        let data = try Self.temporaryDirectory()
        let first = try ServerProcess(["serve", "--port", "0", "--data", data])
        let base = try #require(try await first.listeningURL())
        let (session, token) = try await Self.sessionWithMember(base)
        let client = try await LiveTestClient.connect(
            url: base.replacingOccurrences(of: "http", with: "ws") + "/api/sessions/\(session)/live",
            headers: ["Authorization": "Bearer \(token)"])
        var acked: [Int] = []
        for index in 0..<25 {
            let reply = try await client.command([
                "type": "post", "item": "obstacles", "kind": "chat", "text": "Word \(index) · Ադրբեջան",
            ])
            acked.append(try #require(reply["seq"] as? Int))
        }
        first.signal(SIGKILL)
        _ = try await first.exitStatus()

        let second = try ServerProcess(["serve", "--port", "0", "--data", data])
        let again = try #require(try await second.listeningURL())
        let reader = try await LiveTestClient.connect(
            url: again.replacingOccurrences(of: "http", with: "ws") + "/api/sessions/\(session)/live?since=0",
            headers: ["Authorization": "Bearer \(token)"])
        let welcome = try #require(try await reader.next("welcome"))
        let head = try #require(welcome["head"] as? Int)
        #expect(head >= acked.last!)
        let replay = try await reader.events(head)
        let texts = Dictionary(
            uniqueKeysWithValues: replay.compactMap { frame -> (Int, String)? in
                guard let seq = frame["seq"] as? Int, let text = (frame["event"] as? [String: Any])?["text"] as? String
                else { return nil }
                return (seq, text)
            })
        for (index, seq) in acked.enumerated() {
            #expect(texts[seq] == "Word \(index) · Ադրբեջան")
        }
        second.signal(SIGTERM)
        #expect(try await second.exitStatus() == 0)
    }

    @Test("--max-sessions refuses the next session with 409, counted from the journal after a restart")
    func sessionLimit() async throws {
        let data = try Self.temporaryDirectory()
        let spec = String(decoding: try JSONEncoder().encode(Fixtures.spec()), as: UTF8.self)
        for attempt in 0..<2 {
            let server = try ServerProcess(["serve", "--port", "0", "--data", data, "--max-sessions", "1"])
            let base = try #require(try await server.listeningURL())
            let created = try await HTTP.request(
                "POST", base + "/api/sessions", token: TestServer.adminToken, body: spec)
            #expect(created.status == (attempt == 0 ? 201 : 409))
            let refused = try await HTTP.request(
                "POST", base + "/api/sessions", token: TestServer.adminToken, body: spec)
            #expect(refused.status == 409)
            #expect(refused.errorCode == "conflict")
            server.signal(SIGTERM)
            #expect(try await server.exitStatus() == 0)
        }
    }

    @Test("SIGTERM closes live sockets with 1001 and exits 0")
    func gracefulShutdown() async throws {
        let data = try Self.temporaryDirectory()
        let server = try ServerProcess(["serve", "--port", "0", "--data", data])
        let base = try #require(try await server.listeningURL())
        #expect(server.standardOutput.contains("admin token: from PARLEY_ADMIN_TOKEN"))
        let (session, token) = try await Self.sessionWithMember(base)
        let client = try await LiveTestClient.connect(
            url: base.replacingOccurrences(of: "http", with: "ws") + "/api/sessions/\(session)/live",
            headers: ["Authorization": "Bearer \(token)"])
        _ = try await client.next("welcome")
        server.signal(SIGTERM)
        #expect(try await within { try await client.closeCode() } == 1001)
        #expect(try await server.exitStatus() == 0)
        #expect(server.standardOutput.contains("organiser's console: \(base)/admin"))
    }

    @Test("bad options exit non-zero with a one-line reason")
    func badOptions() async throws {
        let data = try Self.temporaryDirectory()
        let occupied = try ServerProcess(["serve", "--port", "0", "--data", data])
        let base = try #require(try await occupied.listeningURL())
        let port = try #require(base.split(separator: ":").last.map(String.init))
        let clash = try ServerProcess(["serve", "--port", port, "--data", try Self.temporaryDirectory()])
        #expect(try await clash.exitStatus() != 0)
        #expect(clash.standardError.contains("address already in use"))
        #expect(clash.standardError.split(separator: "\n").count == 1)
        occupied.signal(SIGTERM)
        _ = try await occupied.exitStatus()

        let unreadable = try ServerProcess(
            [
                "serve", "--port", "0", "--data", data, "--tls-cert", "/nonexistent/cert.pem", "--tls-key",
                "/nonexistent/key.pem",
            ])
        #expect(try await unreadable.exitStatus() != 0)
        #expect(unreadable.standardError.contains("cannot read TLS certificate /nonexistent/cert.pem"))
        #expect(unreadable.standardError.split(separator: "\n").count == 1)

        let half = try ServerProcess(["serve", "--port", "0", "--data", data, "--tls-cert", "cert.pem"])
        #expect(try await half.exitStatus() != 0)
        #expect(half.standardError.contains("--tls-cert and --tls-key go together"))

        let rate = try ServerProcess(["serve", "--port", "0", "--data", data, "--command-rate", "0"])
        #expect(try await rate.exitStatus() != 0)
        #expect(rate.standardError.contains("--command-rate must be from 1 to 1000000"))

        let sockets = try ServerProcess(["serve", "--port", "0", "--data", data, "--sockets-per-address", "0"])
        #expect(try await sockets.exitStatus() != 0)
        #expect(sockets.standardError.contains("--sockets-per-address must be from 1 to 1000000"))

        for (option, message) in [
            ("--max-message-bytes", "--max-message-bytes must be from 1024 to 16777216"),
            ("--subscriber-buffer", "--subscriber-buffer must be from 16 to 1000000"),
            ("--request-head-timeout", "--request-head-timeout must be from 1 to 3600 seconds"),
            ("--evict-idle-after", "--evict-idle-after must be from 1 to 86400 seconds"),
        ] {
            let refused = try ServerProcess(["serve", "--port", "0", "--data", data, option, "0"])
            #expect(try await refused.exitStatus() != 0)
            #expect(refused.standardError.contains(message), "\(option): \(refused.standardError)")
        }

        let logLevel = try ServerProcess(
            ["serve", "--port", "0", "--data", data],
            environment: ["PARLEY_ADMIN_TOKEN": TestServer.adminToken, "LOG_LEVEL": "loud"])
        #expect(try await logLevel.exitStatus() == 1)
        #expect(
            logLevel.standardError
                == "parley: LOG_LEVEL must be one of trace, debug, info, notice, warning, error, critical\n")

        let file = data + "/parley.sqlite"
        let notADirectory = try ServerProcess(["serve", "--port", "0", "--data", file + "/inside"])
        #expect(try await notADirectory.exitStatus() != 0)
        #expect(notADirectory.standardError == "parley: \(file) is not a directory\n")
    }

    @Test("the operator's token file is created with mode 0600 and reused")
    func adminTokenFile() throws {
        let data = try Self.temporaryDirectory()
        let first = try AdminToken.load(given: nil, dataDirectory: data)
        #expect(first.source == .file(path: data + "/admin.token", created: true))
        let attributes = try FileManager.default.attributesOfItem(atPath: data + "/admin.token")
        #expect((attributes[.posixPermissions] as? NSNumber)?.intValue == 0o600)
        let second = try AdminToken.load(given: nil, dataDirectory: data)
        #expect(second.source == .file(path: data + "/admin.token", created: false))
        let token = try String(contentsOfFile: data + "/admin.token", encoding: .utf8)
        #expect(token.trimmingCharacters(in: .whitespacesAndNewlines).count >= 43)
        for unusable in ["short", "has+plus/and=equals-0123456789"] {
            #expect(throws: StartupError.self, "\(unusable) would lock the operator out") {
                try AdminToken.load(given: unusable, dataDirectory: data)
            }
        }
    }

    @Test("over TLS: HTTPS, wss, and refused upgrades still answer 401")
    func tls() async throws {
        let directory = try Self.temporaryDirectory()
        let certificate = directory + "/cert.pem"
        let key = directory + "/key.pem"
        let openssl = try ProcessRun.runTool(
            "/usr/bin/openssl",
            [
                "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-keyout", key,
                "-out", certificate, "-days", "2", "-subj", "/CN=localhost",
                "-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1",
            ])
        #expect(openssl.status == 0)
        try await TestServer.run(
            ParleyServerConfiguration(port: 0, tls: .init(certificatePath: certificate, keyPath: key))
        ) { server in
            #expect(server.base.hasPrefix("https://"))
            let health = try await HTTP.request("GET", server.base + "/healthz", caCertificate: certificate)
            #expect(health.status == 200)
            let (session, token) = try await Self.sessionWithMember(server.base, caCertificate: certificate)
            let refused = try await HTTP.upgrade(
                server.base + "/api/sessions/\(session)/live", caCertificate: certificate)
            #expect(refused.status == 401)
            #expect(refused.errorCode == "unauthorized")
            let join = try await HTTP.request(
                "POST", server.base + "/api/sessions/\(session)/join", body: #"{"token":"\#(token)"}"#,
                caCertificate: certificate)
            #expect(join.headers["set-cookie"]?.contains("; Secure") == true)
            var tlsConfiguration = TLSConfiguration.makeClientConfiguration()
            tlsConfiguration.trustRoots = .certificates(try NIOSSLCertificate.fromPEMFile(certificate))
            // TLS names the server by name (SNI): localhost, which the certificate lists.
            let client = try await LiveTestClient.connect(
                url: "wss://localhost:\(server.port)/api/sessions/\(session)/live",
                headers: ["Authorization": "Bearer \(token)"], tls: tlsConfiguration)
            #expect(try await client.next("welcome") != nil)
            let ack = try await client.command([
                "type": "post", "item": "obstacles", "kind": "position", "text": "Over TLS",
            ])
            #expect(ack["type"] as? String == "ack")
        }
    }

    @Test("the command window refuses past its limit without growing, and frees up as time passes")
    func rateWindow() {
        var window = RateWindow(limit: 3, seconds: 10)
        let start = Instant(millisecondsSinceEpoch: 0)
        var accepted: [Bool] = []
        for second in 0..<3 { accepted.append(window.record(at: start.adding(seconds: second))) }
        for _ in 0..<10_000 { accepted.append(window.record(at: start.adding(seconds: 9))) }
        #expect(accepted.filter { $0 }.count == 3)
        let later = window.record(at: start.adding(seconds: 10))
        #expect(later, "the first entry left the window")
    }

    @Test("a key that does not fit the certificate is refused at startup")
    func mismatchedKey() throws {
        let directory = try Self.temporaryDirectory()
        for name in ["a", "b"] {
            _ = try ProcessRun.runTool(
                "/usr/bin/openssl",
                [
                    "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-keyout",
                    "\(directory)/\(name).key", "-out", "\(directory)/\(name).pem", "-days", "2", "-subj",
                    "/CN=localhost",
                ])
        }
        let configuration = ParleyServerConfiguration(
            tls: .init(certificatePath: directory + "/a.pem", keyPath: directory + "/b.key"))
        #expect(throws: StartupError.self) {
            _ = try tlsConfiguration(configuration.tls!)
        }
    }
}

@Suite("Static client and metrics", .timeLimit(.minutes(3)))
struct StaticAndMetricsTests {
    /// The value of the sample `series` in a Prometheus text page; 0 when absent.
    static func value(of series: String, in page: String) -> Double {
        page.split(separator: "\n").first { $0.hasPrefix(series + " ") }
            .flatMap { Double($0.dropFirst(series.count + 1)) } ?? 0
    }

    @Test("metrics count commands by type and result, appended events and connections")
    func metrics() async throws {
        try await TestServer.run { server in
            let (session, tokens) = try await server.createDialogue()
            let member = try await server.connect(session, token: tokens["p4"])
            let ok = #"parley_commands_total{command="post",result="ok"}"#
            let notFound = #"parley_commands_total{command="post",result="notFound"}"#
            let before = try await HTTP.request("GET", server.base + "/metrics").body
            _ = try await member.command(["type": "post", "item": "obstacles", "kind": "chat", "text": "Counted"])
            _ = try await member.command(["type": "post", "item": "missing", "kind": "chat", "text": "Refused"])
            let metrics = try await HTTP.request("GET", server.base + "/metrics")
            #expect(metrics.status == 200)
            // Other tests share the registry and only add: this test's own commands moved each by one or more.
            #expect(Self.value(of: ok, in: metrics.body) >= Self.value(of: ok, in: before) + 1)
            #expect(Self.value(of: notFound, in: metrics.body) >= Self.value(of: notFound, in: before) + 1)
            #expect(metrics.headers["content-type"]?.hasPrefix("text/plain") == true)
            #expect(metrics.body.contains(#"parley_commands_total{command="post",result="ok"}"#))
            #expect(metrics.body.contains(#"parley_commands_total{command="post",result="notFound"}"#))
            #expect(metrics.body.contains("parley_events_appended_total"))
            #expect(metrics.body.contains("parley_ack_seconds"))
            #expect(metrics.body.contains("parley_connections"))
            #expect(metrics.body.contains("parley_live_sessions"))
            #expect(!metrics.body.contains(tokens["p4"]!))
            // Behind a proxy every peer looks local: a forwarded request needs the operator's token.
            for header in ["X-Forwarded-For", "Forwarded", "X-Real-IP"] {
                let proxied = try await HTTP.request("GET", server.base + "/metrics", headers: [header: "203.0.113.9"])
                #expect(proxied.status == 401, "\(header)")
                let byOperator = try await HTTP.request(
                    "GET", server.base + "/metrics", token: TestServer.adminToken, headers: [header: "203.0.113.9"])
                #expect(byOperator.status == 200, "\(header)")
            }
        }
    }
}
