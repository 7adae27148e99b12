import Foundation
import ParleyCore
import ParleyEngine
import ParleyStoreSQLite
import ParleyTestKit
import Testing

@Suite("Exports over HTTP, on close, and offline", .serialized, .timeLimit(.minutes(3)))
struct ExportRouteTests {
    @Test("GET …/export renders each view and format as the caller may see it")
    func route() async throws {
        try await TestServer.run { server in
            let (session, tokens) = try await server.createDialogue(
                rules: .with {
                    $0.heldTerms = ["secret"]
                    $0.observersMayExport = false
                })
            let member = try await server.connect(session, token: tokens["p4"])
            _ = try await member.command([
                "type": "post", "item": "obstacles", "kind": "position", "text": "the railway first. Հայաստան",
            ])
            _ = try await member.command([
                "type": "post", "item": "obstacles", "kind": "position", "text": "a secret plan",
            ])
            let base = server.base + "/api/sessions/\(session)/export"
            let expected = [
                "md": "text/markdown", "html": "text/html", "json": "application/json", "txt": "text/plain",
            ]
            for view in ["transcript", "report"] {
                for (format, contentType) in expected {
                    let export = try await HTTP.request(
                        "GET", base + "?view=\(view)&format=\(format)", token: tokens["p5"])
                    #expect(export.status == 200)
                    #expect(export.headers["content-type"]?.hasPrefix(contentType) == true)
                    #expect(export.body.contains("Հայաստան"))
                    #expect(!export.body.contains("a secret plan"), "held text in \(view).\(format)")
                }
            }
            let html = try await HTTP.request("GET", base + "?view=report&format=html", token: tokens["p4"])
            #expect(html.headers["content-security-policy"]?.hasPrefix("default-src 'none'") == true)
            #expect(html.body.contains("From Armenia&#39;s perspective, the railway first."))
            let refused = try await HTTP.request("GET", base + "?attribution=names", token: tokens["p4"])
            #expect(refused.status == 403, "Chatham House: a member may not export by name")
            let named = try await HTTP.request("GET", base + "?attribution=names", token: tokens["p1"])
            #expect(named.body.contains("Armine Margaryan (Armenia)"))
            let sides = try await HTTP.request("GET", base + "?attribution=sides", token: tokens["p4"])
            #expect(!sides.body.contains("Armine Margaryan"))
            #expect(try await HTTP.request("GET", base + "?format=pdf", token: tokens["p4"]).status == 400)
            #expect(try await HTTP.request("GET", base, token: tokens["p7"]).status == 403)
            #expect(try await HTTP.request("GET", base).status == 401)
            #expect(try await HTTP.request("GET", base, token: TestServer.adminToken).status == 200)
        }
    }

    @Test("closing a session writes its exports; parley export renders offline")
    func archiveAndOfflineExport() async throws {
        let data = try ServerOperationsTests.temporaryDirectory()
        let server = try ServerProcess(["serve", "--port", "0", "--data", data])
        let base = try #require(try await server.listeningURL())
        let (session, token) = try await ServerOperationsTests.sessionWithMember(base)
        let socket = base.replacingOccurrences(of: "http", with: "ws") + "/api/sessions/\(session)/live"
        let member = try await LiveTestClient.connect(url: socket, headers: ["Authorization": "Bearer \(token)"])
        _ = try await member.command([
            "type": "post", "item": "obstacles", "kind": "position", "text": "the treaty first · Ադրբեջան",
        ])
        let admin = try await LiveTestClient.connect(
            url: socket, headers: ["Authorization": "Bearer \(TestServer.adminToken)"])
        #expect(try await admin.command(["type": "closeSession"])["type"] as? String == "ack")

        let folder = data + "/transcripts/\(session)"
        let files = ["transcript.md", "report.md", "report.html", "events.json"]
        let written = try await within {
            while !files.allSatisfy({ FileManager.default.fileExists(atPath: folder + "/" + $0) }) {
                try await Task.sleep(for: .milliseconds(20))
            }
            return true
        }
        #expect(written)
        let report = try String(contentsOfFile: folder + "/report.md", encoding: .utf8)
        #expect(report.contains("From Armenia's perspective, the treaty first · Ադրբեջան"))
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: folder).filter { $0.hasPrefix(".") }
        #expect(leftovers.isEmpty, "temporary files left behind")
        server.signal(SIGTERM)
        #expect(try await server.exitStatus() == 0)

        let out = data + "/exported.html"
        let export = try ProcessRun.run(
            "parley", ["export", session, "--view", "report", "--format", "html", "--data", data, "--out", out])
        #expect(export.status == 0)
        #expect(try String(contentsOfFile: out, encoding: .utf8).contains("the treaty first · Ադրբեջան"))
        let stdout = try ProcessRun.run("parley", ["export", session, "--format", "txt", "--data", data])
        #expect(stdout.standardOutput.contains("Armine Margaryan") == false)
        #expect(stdout.standardOutput.contains("[3] "))
        let missing = try ProcessRun.run("parley", ["export", "nosuchsession", "--data", data])
        #expect(missing.status != 0)
        #expect(missing.standardError.contains("no session 'nosuchsession'"))
        let badFormat = try ProcessRun.run("parley", ["export", session, "--format", "pdf", "--data", data])
        #expect(badFormat.status != 0)
        #expect(badFormat.standardError.contains("format must be one of: md, html, json, txt"))
    }

    @Test("a server that missed a close writes the archive when it starts again")
    func archiveCatchUp() async throws {
        let data = try ServerOperationsTests.temporaryDirectory()
        // A session closed by an engine that archives nothing, as if the server had stopped
        // between the commit of the close and the writing of the files.
        let registry = SessionRegistry(journal: try SQLiteJournal(path: data + "/parley.sqlite"), clock: ManualClock())
        let session = try await registry.create(Fixtures.spec())
        for person in Fixtures.cast { _ = try await session.submit(.addParticipant(person), by: .admin).get() }
        _ = try await session.submit(
            .post(Post(item: "obstacles", kind: .position, text: "words kept · Հայաստան")), by: Dialogue.memberAM
        ).get()
        _ = try await session.submit(.closeSession, by: .admin).get()
        let folder = data + "/transcripts/\(session.id)"
        #expect(!FileManager.default.fileExists(atPath: folder))

        let server = try ServerProcess(["serve", "--port", "0", "--data", data])
        _ = try #require(try await server.listeningURL())
        for file in ["transcript.md", "report.md", "report.html", "events.json"] {
            #expect(FileManager.default.fileExists(atPath: folder + "/" + file), "\(file) written at startup")
        }
        #expect(
            try String(contentsOfFile: folder + "/transcript.md", encoding: .utf8).contains("words kept · Հայաստան"))
        server.signal(SIGTERM)
        #expect(try await server.exitStatus() == 0)
    }
}
