import Foundation
import ParleyCore
import ParleyTestKit
import Testing
import Yams

/// `docs/openapi.yaml`, loaded for the conformance tests.
struct OpenAPIDocument: Sendable {
    let root: JSONValue

    static let httpMethods = ["get", "put", "post", "delete", "options", "head", "patch", "trace"]

    /// …/Tests/ParleyServerTests/OpenAPIConformanceTests.swift → the repository root.
    static var fileURL: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("docs/openapi.yaml")
    }

    static func load() throws -> OpenAPIDocument {
        let text = try String(contentsOf: fileURL, encoding: .utf8)
        return OpenAPIDocument(root: try JSONValue.fromYAML(try Yams.load(yaml: text)))
    }

    var schemas: JSONSchemaCheck { JSONSchemaCheck(document: root) }

    var paths: [String: JSONValue] { root["paths"]?.objectValue ?? [:] }

    /// Every operation as `"METHOD /path"`.
    var routes: Set<String> {
        var routes = Set<String>()
        for (path, item) in paths {
            for method in Self.httpMethods where item[method] != nil { routes.insert("\(method.uppercased()) \(path)") }
        }
        return routes
    }

    func operation(_ method: String, _ path: String) -> JSONValue? { paths[path]?[method.lowercased()] }

    /// The documented responses of an operation, `$ref`s resolved, by status.
    func responses(_ method: String, _ path: String) throws -> [String: JSONValue] {
        guard let responses = operation(method, path)?["responses"]?.objectValue else { return [:] }
        return try responses.mapValues { try schemas.dereference($0) }
    }

    /// The security requirements in force for an operation (its own, else the document's).
    func security(_ method: String, _ path: String) -> [[String: JSONValue]] {
        let requirements = operation(method, path)?["security"] ?? root["security"] ?? .array([])
        return (requirements.arrayValue ?? []).compactMap(\.objectValue)
    }

    /// True when the operation may be called without any credential.
    func isAnonymous(_ method: String, _ path: String) -> Bool {
        let requirements = security(method, path)
        return requirements.isEmpty || requirements.contains { $0.isEmpty }
    }

    /// The JSON schema of the operation's request body, if it has one.
    func requestSchema(_ method: String, _ path: String) -> JSONValue? {
        operation(method, path)?["requestBody"]?["content"]?["application/json"]?["schema"]
    }
}

/// Sends requests to the server under test and checks each answer against the document:
/// the status is one the operation lists, the Content-Type is a documented media type, the
/// body validates against the documented schema, and documented required headers are sent
/// and valid. Records which statuses of which operations were seen.
struct Conformance {
    let document: OpenAPIDocument
    let server: TestServer
    /// `"METHOD /path STATUS"` for every answer checked.
    var seen = Set<String>()

    init(_ document: OpenAPIDocument, _ server: TestServer) {
        self.document = document
        self.server = server
    }

    /// The URL of a path template with its parameters filled in.
    func url(_ template: String, _ parameters: [String: String], query: String = "") -> String {
        var path = template
        for (name, value) in parameters { path = path.replacingOccurrences(of: "{\(name)}", with: value) }
        return server.base + path + query
    }

    /// Sends one request to the documented operation `method template` and checks the answer.
    @discardableResult
    mutating func call(
        _ method: String, _ template: String, _ parameters: [String: String] = [:], query: String = "",
        token: String? = nil, body: String? = nil, headers: [String: String] = [:], upgrade: Bool = false,
        expect status: Int, code: String? = nil, sourceLocation: SourceLocation = #_sourceLocation
    ) async throws -> HTTP.Response {
        let url = url(template, parameters, query: query)
        let response: HTTP.Response
        if upgrade {
            response = try await HTTP.upgrade(url, token: token, headers: headers)
        } else {
            response = try await HTTP.request(method, url, token: token, body: body, headers: headers)
        }
        #expect(
            response.status == status, "\(method) \(url): \(response.status) \(response.body)",
            sourceLocation: sourceLocation)
        if let code {
            #expect(response.errorCode == code, "\(method) \(url): \(response.body)", sourceLocation: sourceLocation)
        }
        if (200..<300).contains(status), let body {
            checkRequest(method, template, body: body, sourceLocation: sourceLocation)
        }
        try conform(method, template, response, sourceLocation: sourceLocation)
        return response
    }

    /// A request body the test expects to succeed must be valid by the documented schema.
    func checkRequest(_ method: String, _ template: String, body: String, sourceLocation: SourceLocation) {
        guard let schema = document.requestSchema(method, template) else {
            Issue.record("\(method) \(template) documents no JSON request body", sourceLocation: sourceLocation)
            return
        }
        do {
            let problems = document.schemas.errors(try JSONValue.parse(body), against: schema)
            #expect(problems.isEmpty, "request to \(method) \(template): \(problems)", sourceLocation: sourceLocation)
        } catch {
            Issue.record("request body of \(method) \(template) is not JSON: \(error)", sourceLocation: sourceLocation)
        }
    }

    /// Checks an answer against the operation's documented responses and records it.
    mutating func conform(
        _ method: String, _ template: String, _ response: HTTP.Response,
        sourceLocation: SourceLocation = #_sourceLocation
    ) throws {
        let label = "\(method) \(template) → \(response.status)"
        guard document.operation(method, template) != nil else {
            Issue.record("\(method) \(template) is not in the document", sourceLocation: sourceLocation)
            return
        }
        guard let documented = try document.responses(method, template)["\(response.status)"] else {
            Issue.record("\(label) is not a documented status: \(response.body)", sourceLocation: sourceLocation)
            return
        }
        seen.insert("\(method) \(template) \(response.status)")

        let contentType = response.headers["content-type"]
        if let content = documented["content"]?.objectValue {
            guard let contentType else {
                Issue.record("\(label): no Content-Type", sourceLocation: sourceLocation)
                return
            }
            guard let (mediaType, media) = content.first(where: { Self.mediaType($0.key, admits: contentType) }) else {
                Issue.record(
                    "\(label): Content-Type \(contentType) is none of \(content.keys.sorted())",
                    sourceLocation: sourceLocation)
                return
            }
            if let schema = media["schema"] {
                let value: JSONValue
                if Self.isJSON(mediaType) {
                    do {
                        value = try JSONValue.parse(response.body)
                    } catch {
                        Issue.record("\(label): the body is not JSON: \(response.body)", sourceLocation: sourceLocation)
                        return
                    }
                } else {
                    value = .string(response.body)
                }
                let problems = document.schemas.errors(value, against: schema)
                #expect(problems.isEmpty, "\(label): \(problems) in \(response.body)", sourceLocation: sourceLocation)
            }
        } else {
            #expect(
                response.body.isEmpty, "\(label) documents no body: \(response.body)", sourceLocation: sourceLocation)
            #expect(contentType == nil, "\(label) documents no content", sourceLocation: sourceLocation)
        }

        for (name, header) in documented["headers"]?.objectValue ?? [:] {
            let header = try document.schemas.dereference(header)
            guard let value = response.headers[name.lowercased()] else {
                if header["required"]?.boolValue == true {
                    Issue.record("\(label): the required header \(name) is missing", sourceLocation: sourceLocation)
                }
                continue
            }
            if let schema = header["schema"] {
                let problems = document.schemas.errors(.string(value), against: schema)
                #expect(problems.isEmpty, "\(label): header \(name): \(problems)", sourceLocation: sourceLocation)
            }
        }
    }

    /// Records a WebSocket upgrade that succeeded: the client saw `101 Switching Protocols`.
    mutating func upgraded(_ template: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
        guard try document.responses("GET", template)["101"] != nil else {
            Issue.record("GET \(template) does not document 101", sourceLocation: sourceLocation)
            return
        }
        seen.insert("GET \(template) 101")
    }

    /// True when the documented media type (which may carry parameters) admits `contentType`:
    /// same type, and every documented parameter present with the same value.
    static func mediaType(_ documented: String, admits contentType: String) -> Bool {
        func split(_ text: String) -> (String, Set<String>) {
            let parts = text.split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
            return (parts.first ?? "", Set(parts.dropFirst()))
        }
        let (documentedType, documentedParameters) = split(documented)
        let (actualType, actualParameters) = split(contentType)
        return documentedType == actualType && documentedParameters.isSubset(of: actualParameters)
    }

    static func isJSON(_ mediaType: String) -> Bool {
        let type = mediaType.split(separator: ";").first.map(String.init) ?? mediaType
        return type == "application/json" || type.hasSuffix("+json")
    }
}

@Suite("OpenAPI document conformance", .timeLimit(.minutes(3)))
struct OpenAPIConformanceTests {
    /// The routes the server answers (SessionRoutes, MetricsRoute, LiveRoute, ExportRoute and `/healthz`).
    static let servedRoutes: Set<String> = [
        "GET /healthz",
        "GET /metrics",
        "POST /api/sessions",
        "GET /api/sessions",
        "GET /api/sessions/{id}",
        "POST /api/sessions/{id}/join",
        "DELETE /api/sessions/{id}/join",
        "POST /api/sessions/{id}/participants",
        "DELETE /api/sessions/{id}/participants/{participant}",
        "GET /api/sessions/{id}/live",
        "GET /api/sessions/{id}/export",
    ]

    /// Documented answers no test can provoke against a healthy server on loopback.
    static let unprovokable: Set<String> = [
        "GET /metrics 401",
        "GET /metrics 403",
        "POST /api/sessions 503",
        "GET /api/sessions/{id} 503",
        "POST /api/sessions/{id}/join 503",
        "DELETE /api/sessions/{id}/join 503",
        "POST /api/sessions/{id}/participants 503",
        "DELETE /api/sessions/{id}/participants/{participant} 503",
        "GET /api/sessions/{id}/live 503",
        "GET /api/sessions/{id}/export 503",
    ]

    static let foreignOrigin = "http://evil.example"
    /// Over the 1 MiB body limit.
    static let oversized = "{\"title\":\"" + String(repeating: "x", count: 1 << 20) + "\"}"
    /// curl waits a second for `100 Continue` before a large body unless told not to.
    static let noExpect = ["Expect": ""]

    // MARK: The document itself

    @Test("the document is OpenAPI 3.1 and lists exactly the served routes")
    func documentShape() throws {
        let document = try OpenAPIDocument.load()
        #expect(document.root["openapi"]?.stringValue?.hasPrefix("3.1.") == true)
        #expect(document.routes == Self.servedRoutes)

        var operationIDs: [String] = []
        let schemes = Set(document.root["components"]?["securitySchemes"]?.objectValue?.keys.map { $0 } ?? [])
        #expect(schemes == ["bearer", "sessionCookie"])
        for route in document.routes {
            let parts = route.split(separator: " ").map(String.init)
            let (method, path) = (parts[0], parts[1])
            let operation = try #require(document.operation(method, path))
            if let id = operation["operationId"]?.stringValue { operationIDs.append(id) }
            #expect(!(try document.responses(method, path)).isEmpty, "\(route) documents no responses")
            for requirement in document.security(method, path) {
                #expect(Set(requirement.keys).isSubset(of: schemes), "\(route) names an unknown security scheme")
            }
            // Every `{name}` in the path is a declared path parameter, and no other.
            let declared = try
                ((document.paths[path]?["parameters"]?.arrayValue ?? [])
                + (operation["parameters"]?.arrayValue ?? []))
                .map { try document.schemas.dereference($0) }
                .filter { $0["in"]?.stringValue == "path" }
                .compactMap { $0["name"]?.stringValue }
            let templated = path.split(separator: "/").filter { $0.hasPrefix("{") }.map {
                String($0.dropFirst().dropLast())
            }
            #expect(Set(declared) == Set(templated), "\(route): path parameters \(declared) vs \(templated)")
        }
        #expect(Set(operationIDs).count == document.routes.count, "every operation has a unique operationId")
    }

    @Test("every schema uses only keywords the validator checks, and every $ref resolves")
    func schemasAreCheckable() throws {
        let document = try OpenAPIDocument.load()
        let check = document.schemas
        var problems: [String] = []
        for (name, schema) in document.root["components"]?["schemas"]?.objectValue ?? [:] {
            problems += check.lint(schema, at: "#/components/schemas/\(name)")
        }
        func walk(_ value: JSONValue, _ path: String) {
            guard let object = value.objectValue else {
                for (index, element) in (value.arrayValue ?? []).enumerated() { walk(element, "\(path)[\(index)]") }
                return
            }
            for (key, element) in object {
                if key == "schema" {
                    problems += check.lint(element, at: "\(path).schema")
                } else if key == "$ref", let ref = element.stringValue, (try? check.resolve(pointer: ref)) == nil {
                    problems.append("\(path): $ref \(ref) names nothing")
                } else {
                    walk(element, "\(path).\(key)")
                }
            }
        }
        walk(document.root["paths"] ?? .null, "paths")
        walk(document.root["components"]?["responses"] ?? .null, "components.responses")
        walk(document.root["components"]?["parameters"] ?? .null, "components.parameters")
        #expect(problems.isEmpty, "\(problems)")
    }

    @Test("error codes: the document's are ErrorCode's, each under exactly one status")
    func errorCodes() throws {
        let document = try OpenAPIDocument.load()
        let all = document.root["components"]?["schemas"]?["ErrorCode"]?["enum"]?.arrayValue?.compactMap(\.stringValue)
        #expect(Set(all ?? []) == Set(ErrorCode.known.map(\.rawValue)))
        var owners: [String: [String]] = [:]
        for (name, response) in document.root["components"]?["responses"]?.objectValue ?? [:] {
            let schema = try document.schemas.dereference(
                response["content"]?["application/json"]?["schema"] ?? .null)
            let codes = schema["properties"]?["error"]?["properties"]?["code"]?["enum"]?.arrayValue ?? []
            #expect(!codes.isEmpty, "the error response \(name) lists no codes")
            for code in codes.compactMap(\.stringValue) { owners[code, default: []].append(name) }
        }
        for code in ErrorCode.known {
            #expect(
                owners[code.rawValue]?.count == 1, "\(code.rawValue) is listed under \(owners[code.rawValue] ?? [])")
        }
    }

    @Test("the validator fails what the document does not describe")
    func validatorCanFail() throws {
        let document = try OpenAPIDocument.load()
        let check = document.schemas
        let session = JSONValue.ref("#/components/schemas/Session")
        let good = try JSONValue.parse(
            """
            {"id":"abc","title":"T","series":"","sides":[{"id":"am","name":"A","adjective":"A"},
            {"id":"az","name":"B","adjective":"B"}],"agenda":[{"id":"item-1","title":"x","state":"open"}],
            "rules":{"floor":"open","slowModeSeconds":0,"maxLength":4000,"editWindowSeconds":300,"heldTerms":[],
            "attribution":"sides","observersMayExport":true},"createdAt":"2026-11-29T10:00:00.123Z","state":"open",
            "participants":[{"id":"p1","name":"F","role":"facilitator"},{"id":"p2","name":"C","role":"cochair",
            "side":"am","removed":true,"mutedUntil":"2026-11-29T10:10:00.123Z"}],"observers":0,"head":3,
            "floor":{"hands":["p2"],"holder":"p2"},"closeRequestedBy":["am"],
            "report":{"state":"drafting","brackets":1,"date":"November 2025","sections":[{"id":"s1","title":"Introduction",
            "owner":"joint","version":2,"text":"we [[shall // should]]","brackets":1,"signedBy":[],"removalRequestedBy":["am"]}],
            "suggestions":[{"id":7,"section":"s1","version":2,"text":"we shall","by":"p2","side":"am","at":"2026-11-29T10:00:00.123Z"}]}}
            """)
        #expect(check.errors(good, against: session).isEmpty, "\(check.errors(good, against: session))")

        func mutated(_ change: (inout [String: JSONValue]) -> Void) -> JSONValue {
            var object = good.objectValue!
            change(&object)
            return .object(object)
        }
        // A field the server would not send, one it would, a wrong type, a bad enum, a bad time.
        #expect(!check.errors(mutated { $0["head"] = nil }, against: session).isEmpty)
        #expect(!check.errors(mutated { $0["token"] = .string("secret") }, against: session).isEmpty)
        #expect(!check.errors(mutated { $0["head"] = .string("3") }, against: session).isEmpty)
        #expect(!check.errors(mutated { $0["head"] = .int(0) }, against: session).isEmpty)
        #expect(!check.errors(mutated { $0["state"] = .string("ajar") }, against: session).isEmpty)
        #expect(!check.errors(mutated { $0["createdAt"] = .string("2026-11-29T10:00:00Z") }, against: session).isEmpty)
        #expect(!check.errors(mutated { $0["series"] = .null }, against: session).isEmpty)
        #expect(!check.errors(mutated { $0["sides"] = .array([]) }, against: session).isEmpty)
        #expect(
            !check.errors(mutated { $0["participants"] = .array([.object(["id": .string("p1")])]) }, against: session)
                .isEmpty)
        // A schema that demands more than the value has.
        let stricter = JSONValue.object([
            "$ref": .string("#/components/schemas/Session"), "required": .array([.string("export")]),
        ])
        #expect(!check.errors(good, against: stricter).isEmpty)
        // Nullable via a type list; oneOf; unknown keywords are errors, not ignored.
        let nullable = JSONValue.object(["type": .array([.string("string"), .string("null")])])
        #expect(check.errors(.null, against: nullable).isEmpty)
        #expect(!check.errors(.int(1), against: nullable).isEmpty)
        let side = JSONValue.ref("#/components/schemas/NewParticipant")
        #expect(check.errors(try JSONValue.parse(#"{"name":"N","role":"member","side":null}"#), against: side).isEmpty)
        #expect(!check.errors(try JSONValue.parse(#"{"name":"N","role":"king"}"#), against: side).isEmpty)
        #expect(!check.errors(.string("x"), against: .object(["maxLength": .int(0)])).isEmpty)
        #expect(!check.errors(.bool(true), against: .object(["type": .string("integer")])).isEmpty)
        #expect(!check.errors(.int(1), against: .object(["type": .string("boolean")])).isEmpty)
    }

    /// The export's media types by `format` (contract §2).
    static let exportMediaTypes = [
        "md": "text/markdown; charset=utf-8", "html": "text/html; charset=utf-8",
        "json": "application/json; charset=utf-8", "txt": "text/plain; charset=utf-8",
    ]

    /// The documented query parameter `name` of the export: its values and its default.
    static func exportParameter(_ document: OpenAPIDocument, _ name: String) throws -> (
        values: [String], default: String?
    ) {
        let parameters = try (document.operation("GET", "/api/sessions/{id}/export")?["parameters"]?.arrayValue ?? [])
            .map { try document.schemas.dereference($0) }
        let parameter = try #require(
            parameters.first { $0["name"]?.stringValue == name && $0["in"] == .string("query") })
        #expect(parameter["required"] != .bool(true), "\(name) is optional")
        let schema = try document.schemas.dereference(parameter["schema"] ?? .null)
        return (schema["enum"]?.arrayValue?.compactMap(\.stringValue) ?? [], schema["default"]?.stringValue)
    }

    @Test("the export documents the contract's parameters, media types and headers")
    func exportOperation() throws {
        let document = try OpenAPIDocument.load()
        let view = try Self.exportParameter(document, "view")
        let format = try Self.exportParameter(document, "format")
        let attribution = try Self.exportParameter(document, "attribution")
        #expect(view.values == ["transcript", "report", "draft"] && view.default == "transcript")
        #expect(format.values == ["md", "html", "json", "txt"] && format.default == "md")
        #expect(Set(attribution.values) == Set(Attribution.allCases.map(\.rawValue)) && attribution.default == nil)

        let ok = try #require(try document.responses("GET", "/api/sessions/{id}/export")["200"])
        let content = ok["content"]?.objectValue ?? [:]
        #expect(Set(content.keys) == Set(Self.exportMediaTypes.values))
        #expect(
            content["application/json; charset=utf-8"]?["schema"] == .ref("#/components/schemas/ExportedEvents"))
        let headers = Set((ok["headers"]?.objectValue ?? [:]).filter { $0.value["required"] == .bool(true) }.keys)
        #expect(headers == ["Content-Disposition", "Content-Security-Policy", "Cache-Control"])
        #expect(
            document.security("GET", "/api/sessions/{id}/export").map { Set($0.keys) } == [
                ["bearer"], ["sessionCookie"],
            ])
    }

    @Test("the event schema names every event kind, accepts the golden exports and refuses wrong shapes")
    func eventSchema() throws {
        let document = try OpenAPIDocument.load()
        let check = document.schemas
        let events = JSONValue.ref("#/components/schemas/ExportedEvents")

        // One branch per kind, every kind of the core and no other.
        var kinds: [String] = []
        for branch in document.root["components"]?["schemas"]?["EventBody"]?["oneOf"]?.arrayValue ?? [] {
            kinds +=
                try check.dereference(branch)["properties"]?["kind"]?["enum"]?.arrayValue?.compactMap(\.stringValue)
                ?? []
        }
        #expect(kinds.count == Set(kinds).count, "a kind has two branches: \(kinds.sorted())")
        #expect(Set(kinds) == Set(EventKind.allCases.map(\.rawValue)))

        // The exports the report tests keep as golden files.
        let golden = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("ParleyReportsTests/Golden")
        let files = try FileManager.default.contentsOfDirectory(atPath: golden.path).filter { $0.hasSuffix(".json") }
        #expect(!files.isEmpty)
        for file in files {
            let value = try JSONValue.parse(
                try String(contentsOf: golden.appendingPathComponent(file), encoding: .utf8))
            #expect(check.errors(value, against: events).isEmpty, "\(file): \(check.errors(value, against: events))")
        }

        // Every kind, the optional fields included.
        let spec = """
            {"title":"T","series":"","sides":[{"id":"am","name":"A","adjective":"A"},{"id":"az","name":"B","adjective":"B"}],
            "agenda":[{"id":"item-1","title":"x"}],"rules":{"floor":"queue","slowModeSeconds":0,"maxLength":4000,
            "editWindowSeconds":300,"heldTerms":["x"],"attribution":"names","observersMayExport":false}}
            """
        let rules =
            #"{"floor":"open","slowModeSeconds":5,"maxLength":10,"editWindowSeconds":0,"heldTerms":[],"attribution":"sides","observersMayExport":true}"#
        let bodies = [
            #"{"kind":"sessionCreated","session":"s1","spec":\#(spec)}"#,
            #"{"kind":"participantAdded","participant":{"id":"p1","name":"F","role":"facilitator"},"by":"admin"}"#,
            #"{"kind":"participantAdded","participant":{"id":"p2","name":"Հայկ","role":"cochair","side":"am"},"by":"p1"}"#,
            #"{"kind":"participantRemoved","participant":"p4","by":"p1","reason":"left"}"#,
            #"{"kind":"participantRemoved","participant":"p4","by":"admin"}"#,
            #"{"kind":"itemOpened","item":"item-1","by":"p1"}"#,
            #"{"kind":"itemClosed","item":"item-1","by":"admin"}"#,
            #"{"kind":"contributed","contribution":9,"author":"p1","item":"item-1","contributionKind":"chat","text":"hi"}"#,
            #"{"kind":"contributed","contribution":10,"author":"p3","side":"az","item":"item-1","contributionKind":"recommendation","text":"Azərbaycan","replyTo":9,"options":["a","b"],"held":true}"#,
            #"{"kind":"amended","contribution":10,"author":"p3","text":"t","version":2}"#,
            #"{"kind":"amended","contribution":10,"author":"p3","text":"t","version":3,"held":true}"#,
            #"{"kind":"held","contribution":10,"author":"p3","terms":["x"]}"#,
            #"{"kind":"approved","contribution":10,"by":"p2","version":3,"content":{"contribution":10,"author":"p3","side":"az","item":"item-1","contributionKind":"proposal","text":"t"}}"#,
            #"{"kind":"rejected","contribution":10,"author":"p3","by":"p1"}"#,
            #"{"kind":"rejected","contribution":10,"author":"p3","by":"p1","reason":"insult"}"#,
            #"{"kind":"redacted","contribution":9,"by":"p1","reason":"personal data"}"#,
            #"{"kind":"endorsed","contribution":10,"side":"am","by":"p2","version":1}"#,
            #"{"kind":"adopted","contribution":10,"version":1}"#,
            #"{"kind":"endorsementWithdrawn","contribution":10,"side":"am","by":"p2","version":1}"#,
            #"{"kind":"amended","contribution":10,"author":"p3","text":"t","version":4,"cleared":["am"]}"#,
            #"{"kind":"handRaised","participant":"p4"}"#,
            #"{"kind":"handLowered","participant":"p4"}"#,
            #"{"kind":"floorGranted","participant":"p4"}"#,
            #"{"kind":"floorGranted","participant":"p4","by":"p1"}"#,
            #"{"kind":"muted","participant":"p4","by":"p1","seconds":60,"until":"2026-11-29T10:01:00.000Z","reason":"r"}"#,
            #"{"kind":"unmuted","participant":"p4","by":"p2"}"#,
            #"{"kind":"rulesChanged","rules":\#(rules),"by":"p1"}"#,
            #"{"kind":"closeRequested","side":"am","by":"p2"}"#,
            #"{"kind":"sessionClosed","by":"admin"}"#,
            #"{"kind":"reportSeeded","sections":[{"id":"s1","title":"Introduction","owner":"joint","text":"This report…"}],"by":"p2"}"#,
            #"{"kind":"sectionAdded","section":{"id":"s2","title":"Annex","owner":"az","text":""},"after":"s1","by":"p3"}"#,
            #"{"kind":"sectionAdded","section":{"id":"s3","title":"Preface","owner":"joint","text":"t"},"by":"p1"}"#,
            #"{"kind":"sectionEdited","section":"s1","version":2,"replaced":1,"title":"Introduction","text":"we [[shall // should]]","by":"p2","cleared":["am"]}"#,
            #"{"kind":"suggested","suggestion":9,"section":"s1","version":2,"text":"we shall","note":"shorter","by":"p4","side":"am"}"#,
            #"{"kind":"suggestionApplied","suggestion":9,"section":"s1","by":"p3"}"#,
            #"{"kind":"sectionEdited","section":"s1","version":3,"replaced":2,"title":"Introduction","text":"we shall","by":"p3","cleared":[],"suggestion":9}"#,
            #"{"kind":"suggestionDismissed","suggestion":9,"section":"s1","by":"p3","reason":"no"}"#,
            #"{"kind":"sectionSigned","section":"s1","version":3,"side":"am","by":"p2"}"#,
            #"{"kind":"signatureWithdrawn","section":"s1","version":3,"side":"am","by":"p2"}"#,
            #"{"kind":"sectionMoved","section":"s2","by":"p1","cleared":["am"]}"#,
            #"{"kind":"sectionRemovalRequested","section":"s2","version":1,"side":"am","by":"p2"}"#,
            #"{"kind":"sectionRemoved","section":"s2","by":"p3"}"#,
            #"{"kind":"reportFinalized","by":"p3","date":"November 2025","sections":[{"id":"s1","version":3,"sha256":"\#(String(repeating: "a", count: 64))"}],"cochairs":[{"participant":"p2","name":"Հայկ","side":"am"}],"authors":["p2"]}"#,
            #"{"kind":"contributed","contribution":40,"author":"p4","side":"am","item":"obstacles","contributionKind":"chat","text":"ours","channel":"caucus"}"#,
            #"{"kind":"rulesAccepted","participant":"p4","version":1}"#,
            #"{"kind":"phaseAdvanceRequested","item":"obstacles","side":"am","phase":"positions","by":"p2"}"#,
            #"{"kind":"phaseAdvanced","item":"obstacles","from":"positions","to":"comments","by":"p1"}"#,
            #"{"kind":"translated","contribution":12,"language":"az-Latn","text":"mətn","by":"p5","side":"az","version":1}"#,
            #"{"kind":"translationVerified","contribution":12,"language":"az-Latn","translation":44,"by":"p4","side":"am"}"#,
        ]
        let list = try JSONValue.parse(
            "["
                + bodies.enumerated().map {
                    #"{"seq":\#($0.offset + 1),"at":"2026-11-29T10:00:00.123Z","event":\#($0.element)}"#
                }
                .joined(separator: ",") + "]")
        #expect(check.errors(list, against: events).isEmpty, "\(check.errors(list, against: events))")
        let listed = Set(list.arrayValue?.compactMap { $0["event"]?["kind"]?.stringValue } ?? [])
        #expect(listed == Set(EventKind.allCases.map(\.rawValue)))

        // Wrong shapes, each on its own.
        let event = JSONValue.ref("#/components/schemas/JournalEvent")
        func wrapped(_ body: String, seq: String = "1", at: String = #""2026-11-29T10:00:00.123Z""#) throws -> JSONValue
        {
            try JSONValue.parse(#"{"seq":\#(seq),"at":\#(at),"event":\#(body)}"#)
        }
        let chat =
            #"{"kind":"contributed","contribution":9,"author":"p1","item":"item-1","contributionKind":"chat","text":"hi"}"#
        #expect(check.errors(try wrapped(chat), against: event).isEmpty)
        let wrong = [
            try wrapped(chat, seq: "0"),
            try wrapped(chat, seq: #""1""#),
            try wrapped(chat, at: #""2026-11-29T10:00:00Z""#),
            try JSONValue.parse(#"{"seq":1,"event":\#(chat)}"#),
            try JSONValue.parse(#"{"type":"event","seq":1,"at":"2026-11-29T10:00:00.123Z","event":\#(chat)}"#),
            try wrapped(#"{"kind":"whispered","text":"hi"}"#),
            try wrapped(#"{"contribution":9,"author":"p1","item":"item-1","contributionKind":"chat","text":"hi"}"#),
            try wrapped(
                #"{"kind":"contributed","contribution":9,"author":"p1","item":"item-1","kind2":"chat","text":"hi"}"#),
            try wrapped(
                #"{"kind":"contributed","contribution":9,"author":"p1","item":"item-1","contributionKind":"speech","text":"hi"}"#
            ),
            try wrapped(
                #"{"kind":"contributed","contribution":9,"author":"p1","item":"item-1","contributionKind":"chat","text":"hi","held":false}"#
            ),
            try wrapped(
                #"{"kind":"contributed","contribution":9,"author":"p1","item":"item-1","contributionKind":"chat","text":"hi","options":[]}"#
            ),
            try wrapped(
                #"{"kind":"contributed","contribution":9,"author":"p1","item":"item-1","contributionKind":"chat","text":null}"#
            ),
            try wrapped(
                #"{"kind":"participantAdded","participant":{"id":"p1","name":"F","role":"facilitator"},"by":"admin","credential":"h1"}"#
            ),
            try wrapped(
                #"{"kind":"participantAdded","participant":{"id":"p1","name":"F","role":"facilitator","token":"t"},"by":"admin"}"#
            ),
            try wrapped(#"{"kind":"redacted","contribution":9,"by":"p1"}"#),
            try wrapped(
                #"{"kind":"muted","participant":"p4","by":"p1","seconds":0,"until":"2026-11-29T10:01:00.000Z"}"#),
            try wrapped(#"{"kind":"sessionClosed","by":"operator"}"#),
            try wrapped(#"{"kind":"handRaised","participant":"p4","by":"p4"}"#),
            try wrapped(#"{"kind":"amended","contribution":10,"author":"p3","text":"t","version":1}"#),
            try wrapped(#"{"kind":"rulesChanged","rules":{"floor":"open"},"by":"p1"}"#),
            try wrapped(#"{"kind":"approved","contribution":10,"by":"p2","version":1,"content":\#(chat)}"#),
        ]
        for value in wrong {
            #expect(!check.errors(value, against: event).isEmpty, "accepted \(value)")
        }
        #expect(!check.errors(.array([]), against: events).isEmpty)
        #expect(!check.errors(try JSONValue.parse(chat), against: events).isEmpty)
        #expect(!check.errors(.array([try JSONValue.parse(chat)]), against: events).isEmpty)
    }

    // MARK: Against the running server

    @Test("every operation answers as documented")
    func serverConforms() async throws {
        let document = try OpenAPIDocument.load()
        let seen = try await TestServer.run { server in
            var check = Conformance(document, server)
            try await Self.exercise(&check, server)
            return check.seen
        }
        // Every documented status of every operation was produced, except those no test can provoke.
        var documented = Set<String>()
        for route in document.routes {
            let parts = route.split(separator: " ").map(String.init)
            for status in try document.responses(parts[0], parts[1]).keys { documented.insert("\(route) \(status)") }
        }
        let missing = documented.subtracting(seen).subtracting(Self.unprovokable)
        #expect(missing.isEmpty, "documented but never produced: \(missing.sorted())")
        #expect(Self.unprovokable.isSubset(of: documented), "\(Self.unprovokable.subtracting(documented))")
        let successes = documented.filter { $0.hasSuffix(" 101") || $0.split(separator: " ").last!.hasPrefix("2") }
        #expect(successes.isSubset(of: seen), "success statuses never produced: \(successes.subtracting(seen))")
    }

    @Test("the server answers no route the document does not list")
    func noUndocumentedRoutes() async throws {
        let document = try OpenAPIDocument.load()
        try await TestServer.run { server in
            let (id, tokens) = try await server.createDialogue()
            let parameters = ["id": id.rawValue, "participant": "p7"]
            let methods = ["GET", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"]
            var probes: [(String, String)] = []
            for path in document.paths.keys {
                for method in methods where document.operation(method, path) == nil {
                    // The live WebSocket is not an HTTP route: any other method is unrouted.
                    guard path != "/api/sessions/{id}/live" else {
                        probes.append((method, path))
                        continue
                    }
                    // A documented path refuses a method it does not have with 405 and Allow.
                    var url = server.base + path
                    for (name, value) in parameters { url = url.replacingOccurrences(of: "{\(name)}", with: value) }
                    let response = try await HTTP.request(method, url, token: TestServer.adminToken)
                    var allowed = Set(methods.filter { document.operation($0, path) != nil })
                    if allowed.contains("GET") { allowed.insert("HEAD") }
                    let allow = response.headers["allow"]?.split(separator: ",").map {
                        $0.trimmingCharacters(in: .whitespaces)
                    }
                    #expect(response.status == 405, "\(method) \(path)")
                    #expect(response.errorCode == "methodNotAllowed", "\(method) \(path)")
                    #expect(Set(allow ?? []) == allowed, "\(method) \(path): Allow \(allow ?? [])")
                }
            }
            for path in [
                "/", "/api", "/api/sessions/{id}/exports", "/api/sessions/{id}/events",
                "/api/sessions/{id}/participants/{participant}/token",
                "/api/sessions/{id}/close", "/api/health", "/s/{id}", "/index.html",
            ] {
                for method in ["GET", "POST"] { probes.append((method, path)) }
            }
            for (method, template) in probes {
                var url = server.base + template
                for (name, value) in parameters { url = url.replacingOccurrences(of: "{\(name)}", with: value) }
                let response = try await HTTP.request(
                    method, url, token: TestServer.adminToken, body: method == "GET" ? nil : "{}")
                // The router's own 404 ("Not Found"), not a route's refusal.
                #expect(
                    response.status == 404
                        && (response.json?["error"] as? [String: Any])?["message"] as? String == "Not Found",
                    "\(method) \(template) is answered \(response.status) \(response.body) but is not documented")
            }
            // A plain GET of the live route (no upgrade headers) is not routed either.
            let plain = try await HTTP.request(
                "GET", server.base + "/api/sessions/\(id.rawValue)/live", token: tokens["p1"])
            #expect(plain.status == 404)
        }
    }

    // MARK: The exercise

    /// Drives every documented operation through its successes and the refusals that can be
    /// provoked, checking each answer against the document.
    static func exercise(_ check: inout Conformance, _ server: TestServer) async throws {
        let admin = TestServer.adminToken
        let sameOrigin = "http://127.0.0.1:\(server.port)"

        // Service.
        try await check.call("GET", "/healthz", expect: 200)
        try await check.call("GET", "/metrics", expect: 200)
        try await check.call("GET", "/metrics", token: admin, expect: 200)

        // Sessions: create.
        let fixture = String(decoding: try JSONEncoder().encode(Fixtures.spec()), as: UTF8.self)
        try await check.call("POST", "/api/sessions", token: admin, body: fixture, expect: 201)
        let minimal = try await check.call(
            "POST", "/api/sessions", token: admin,
            body:
                #"{"title":"Minimal","sides":[{"id":"am","name":"Armenia"},{"id":"az","name":"Azerbaijan"}],"agenda":[{"title":"Only item"}]}"#,
            expect: 201)
        let minimalID = try #require(minimal.json?["id"] as? String)
        #expect(((minimal.json?["agenda"] as? [[String: Any]])?.first?["id"] as? String) == "item-1")
        try await check.call(
            "POST", "/api/sessions", token: admin,
            body:
                #"{"title":"Nulls","series":null,"sides":[{"id":"am","name":"Armenia","adjective":null},{"id":"az","name":"Azerbaijan"}],"agenda":[{"id":null,"title":"One"}],"rules":{"floor":"queue","maxLength":null,"heldTerms":["Hayastan"]},"extra":"ignored"}"#,
            expect: 201)
        try await check.call("POST", "/api/sessions", token: admin, body: "{", expect: 400, code: "invalid")
        try await check.call("POST", "/api/sessions", token: admin, body: #"{"sides":[],"agenda":[]}"#, expect: 400)
        try await check.call(
            "POST", "/api/sessions", token: admin,
            body:
                #"{"title":"Three","sides":[{"id":"a","name":"A"},{"id":"b","name":"B"},{"id":"c","name":"C"}],"agenda":[{"title":"x"}]}"#,
            expect: 400, code: "invalid")
        try await check.call(
            "POST", "/api/sessions", token: admin,
            body:
                #"{"title":"Zero","sides":[{"id":"a","name":"A"},{"id":"b","name":"B"}],"agenda":[{"title":"x"}],"rules":{"maxLength":0}}"#,
            expect: 400, code: "invalid")
        try await check.call("POST", "/api/sessions", body: fixture, expect: 401, code: "unauthorized")
        try await check.call(
            "POST", "/api/sessions", body: fixture, headers: ["Authorization": "Bearer short"], expect: 401)
        try await check.call(
            "POST", "/api/sessions", token: admin, body: oversized, headers: noExpect, expect: 413, code: "tooLarge")

        // The dialogue: p1 facilitator, p2/p3 co-chairs am/az, p4/p5 members, p6/p7 observers.
        let (sessionID, tokens) = try await server.createDialogue()
        let id = sessionID.rawValue
        let session = ["id": id]
        let unknown = ["id": "no-such-session"]
        func token(_ participant: String) throws -> String {
            try #require(tokens[ParticipantID(rawValue: participant)])
        }

        try await check.call("POST", "/api/sessions", token: token("p1"), body: fixture, expect: 403, code: "forbidden")

        // Sessions: list.
        let list = try await check.call("GET", "/api/sessions", token: admin, expect: 200)
        #expect((list.body.components(separatedBy: "\"id\"").count - 1) >= 4)
        try await check.call("GET", "/api/sessions", expect: 401, code: "unauthorized")
        try await check.call("GET", "/api/sessions", token: token("p1"), expect: 403, code: "forbidden")

        // Sessions: one. A token of another session's participant is not valid here.
        let stranger = try await check.call(
            "POST", "/api/sessions/{id}/participants", ["id": minimalID], token: admin,
            body: #"{"name":"Stranger","role":"observer"}"#, expect: 201)
        let strangerToken = try #require(stranger.json?["token"] as? String)
        #expect(stranger.json?["joinUrl"] as? String == "/s/\(minimalID)#\(strangerToken)")
        for caller in [admin, try token("p1"), try token("p2"), try token("p4"), try token("p7")] {
            let shown = try await check.call("GET", "/api/sessions/{id}", session, token: caller, expect: 200)
            #expect(!shown.body.contains(try token("p4")), "a token leaked into the session document")
        }
        try await check.call("GET", "/api/sessions/{id}", session, expect: 401, code: "unauthorized")
        try await check.call("GET", "/api/sessions/{id}", unknown, expect: 401, code: "unauthorized")
        try await check.call("GET", "/api/sessions/{id}", session, token: strangerToken, expect: 401)
        try await check.call(
            "GET", "/api/sessions/{id}", session, token: "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", expect: 401)
        try await check.call("GET", "/api/sessions/{id}", unknown, token: admin, expect: 404, code: "notFound")
        try await check.call("GET", "/api/sessions/{id}", ["id": "Not-Safe"], token: admin, expect: 404)

        // Browser join: the invite token for the cookie.
        let joined = try await check.call(
            "POST", "/api/sessions/{id}/join", session, body: "{\"token\":\"\(try token("p1"))\"}", expect: 200)
        #expect((joined.json?["participant"] as? [String: Any])?["id"] as? String == "p1")
        let cookie = try #require(joined.headers["set-cookie"]?.split(separator: ";").first.map(String.init))
        #expect(cookie == "parley-\(id)=\(try token("p1"))")
        let observerJoin = try await check.call(
            "POST", "/api/sessions/{id}/join", session, body: "{\"token\":\"\(try token("p7"))\"}",
            headers: ["Origin": sameOrigin], expect: 200)
        let observerCookie = try #require(
            observerJoin.headers["set-cookie"]?.split(separator: ";").first.map(String.init))
        try await check.call("POST", "/api/sessions/{id}/join", session, body: "{}", expect: 400, code: "invalid")
        try await check.call("POST", "/api/sessions/{id}/join", session, body: "token", expect: 400, code: "invalid")
        try await check.call(
            "POST", "/api/sessions/{id}/join", session, body: #"{"token":"AAAAAAAAAAAAAAAAAAAAAAAA"}"#, expect: 401,
            code: "unauthorized")
        // The operator's token buys a pass for this one session, never a cookie of itself.
        let operatorJoin = try await check.call(
            "POST", "/api/sessions/{id}/join", session, body: "{\"token\":\"\(admin)\"}", expect: 200)
        #expect(operatorJoin.json?["operator"] as? Bool == true)
        #expect(operatorJoin.json?["participant"] is NSNull)
        let pass = try #require(operatorJoin.headers["set-cookie"]?.split(separator: ";").first.map(String.init))
        #expect(pass.hasPrefix("parley-\(id)=op-") && !pass.contains(admin))
        let passToken = String(pass.split(separator: "=", maxSplits: 1)[1])
        let asOperator = try await check.call(
            "GET", "/api/sessions/{id}", session, headers: ["Cookie": pass, "Origin": sameOrigin], expect: 200)
        #expect(asOperator.body.contains("\"token\"") == false)
        try await check.call(
            "GET", "/api/sessions/{id}", ["id": minimalID], headers: ["Cookie": "parley-\(minimalID)=\(passToken)"],
            expect: 401, code: "unauthorized")
        try await check.call("GET", "/api/sessions/{id}", session, token: passToken, expect: 401)
        try await check.call("GET", "/api/sessions", headers: ["Cookie": pass], expect: 401)
        let forged = passToken.dropLast() + (passToken.hasSuffix("A") ? "B" : "A")
        try await check.call(
            "GET", "/api/sessions/{id}", session, headers: ["Cookie": "parley-\(id)=\(forged)"], expect: 401)
        try await check.call(
            "POST", "/api/sessions/{id}/join", session, body: "{\"token\":\"\(try token("p1"))\"}",
            headers: ["Origin": foreignOrigin], expect: 403, code: "forbidden")
        try await check.call(
            "POST", "/api/sessions/{id}/join", unknown, body: "{\"token\":\"\(try token("p1"))\"}", expect: 404,
            code: "notFound")
        try await check.call(
            "POST", "/api/sessions/{id}/join", session, body: oversized, headers: noExpect, expect: 413,
            code: "tooLarge")

        // The cookie authenticates this session's routes, except from another origin.
        try await check.call("GET", "/api/sessions/{id}", session, headers: ["Cookie": cookie], expect: 200)
        try await check.call(
            "GET", "/api/sessions/{id}", session, headers: ["Cookie": cookie, "Origin": sameOrigin], expect: 200)
        try await check.call(
            "GET", "/api/sessions/{id}", session, headers: ["Cookie": cookie, "Origin": foreignOrigin], expect: 403,
            code: "forbidden")
        try await check.call("GET", "/api/sessions", headers: ["Cookie": cookie], expect: 401)

        // Browser leave.
        try await check.call(
            "DELETE", "/api/sessions/{id}/join", session, headers: ["Cookie": observerCookie], expect: 204)
        try await check.call("DELETE", "/api/sessions/{id}/join", unknown, expect: 404, code: "notFound")
        // A path with control characters is refused before any route looks at it.
        for template in ["/api/sessions/{id}/join", "/api/sessions/{id}"] {
            try await check.call(
                template.hasSuffix("join") ? "DELETE" : "GET", template, ["id": "a%01b"], token: admin, expect: 400,
                code: "invalid")
        }

        // Participants: add.
        let participants = "/api/sessions/{id}/participants"
        try await check.call(
            "POST", participants, session, token: admin, body: #"{"name":"Neutral Guest","role":"observer"}"#,
            expect: 201)
        try await check.call(
            "POST", participants, session, token: token("p1"),
            body: #"{"name":"Aysel Mammadova","role":"member","side":"az"}"#, expect: 201)
        try await check.call(
            "POST", participants, session, token: token("p2"),
            body: #"{"name":"Հայկ Սարգսյան","role":"observer","side":"am"}"#, expect: 201)
        try await check.call(
            "POST", participants, session, body: #"{"name":"Cookie Guest","role":"observer","side":null}"#,
            headers: ["Cookie": cookie], expect: 201)
        try await check.call(
            "POST", participants, session, token: admin, body: #"{"role":"member","side":"am"}"#, expect: 400,
            code: "invalid")
        try await check.call(
            "POST", participants, session, token: admin, body: #"{"name":"X","role":"king"}"#, expect: 400,
            code: "invalid")
        try await check.call(
            "POST", participants, session, token: admin, body: #"{"name":"X","role":"facilitator","side":"am"}"#,
            expect: 400, code: "invalid")
        try await check.call(
            "POST", participants, session, token: admin, body: #"{"name":"X","role":"member","side":"zz"}"#,
            expect: 400, code: "invalid")
        try await check.call(
            "POST", participants, session, token: admin, body: #"{"name":"  ","role":"observer"}"#, expect: 400,
            code: "invalid")
        try await check.call(
            "POST", participants, session, body: #"{"name":"X","role":"observer"}"#, expect: 401, code: "unauthorized")
        try await check.call(
            "POST", participants, session, token: token("p4"), body: #"{"name":"X","role":"observer","side":"am"}"#,
            expect: 403, code: "forbidden")
        try await check.call(
            "POST", participants, session, token: token("p7"), body: #"{"name":"X","role":"observer"}"#,
            expect: 403, code: "forbidden")
        try await check.call(
            "POST", participants, session, token: token("p2"), body: #"{"name":"X","role":"member","side":"az"}"#,
            expect: 403, code: "forbidden")
        try await check.call(
            "POST", participants, session, token: token("p2"), body: #"{"name":"X","role":"cochair","side":"am"}"#,
            expect: 403, code: "forbidden")
        try await check.call(
            "POST", participants, session, body: #"{"name":"X","role":"observer"}"#,
            headers: ["Cookie": cookie, "Origin": foreignOrigin], expect: 403, code: "forbidden")
        try await check.call(
            "POST", participants, unknown, token: admin, body: #"{"name":"X","role":"observer"}"#, expect: 404,
            code: "notFound")
        try await check.call(
            "POST", participants, session, token: admin, body: #"{"name":"Second","role":"cochair","side":"am"}"#,
            expect: 409, code: "conflict")
        try await check.call(
            "POST", participants, session, token: admin, body: oversized, headers: noExpect, expect: 413,
            code: "tooLarge")

        // Participants: remove.
        let participant = "/api/sessions/{id}/participants/{participant}"
        var victims: [String: String] = [:]
        for name in ["First Leaver", "Second Leaver", "Third Leaver"] {
            let added = try await check.call(
                "POST", participants, session, token: admin,
                body: "{\"name\":\"\(name)\",\"role\":\"member\",\"side\":\"am\"}",
                expect: 201)
            victims[name] = try #require(added.json?["id"] as? String)
            if name == "First Leaver" { victims["token"] = added.json?["token"] as? String }
        }
        let first = try #require(victims["First Leaver"]), second = try #require(victims["Second Leaver"])
        let third = try #require(victims["Third Leaver"])
        try await check.call("DELETE", participant, ["id": id, "participant": first], token: admin, expect: 204)
        try await check.call(
            "DELETE", participant, ["id": id, "participant": second], token: token("p1"),
            body: #"{"reason":"left the dialogue"}"#, expect: 204)
        try await check.call(
            "DELETE", participant, ["id": id, "participant": third], body: #"{}"#, headers: ["Cookie": cookie],
            expect: 204)
        // The revoked token stops working.
        try await check.call("GET", "/api/sessions/{id}", session, token: victims["token"], expect: 401)
        try await check.call(
            "DELETE", participant, ["id": id, "participant": "p6"], token: admin, body: "reason", expect: 400,
            code: "invalid")
        try await check.call(
            "DELETE", participant, ["id": id, "participant": "p6"], token: admin,
            body: "{\"reason\":\"\(String(repeating: "r", count: 501))\"}", expect: 400, code: "tooLong")
        try await check.call("DELETE", participant, ["id": id, "participant": "p6"], expect: 401, code: "unauthorized")
        try await check.call(
            "DELETE", participant, ["id": id, "participant": "p6"], token: token("p2"), expect: 403, code: "forbidden")
        try await check.call(
            "DELETE", participant, ["id": id, "participant": "p6"], token: token("p4"), expect: 403, code: "forbidden")
        try await check.call(
            "DELETE", participant, ["id": id, "participant": "p6"],
            headers: ["Cookie": cookie, "Origin": foreignOrigin],
            expect: 403, code: "forbidden")
        try await check.call(
            "DELETE", participant, ["id": id, "participant": "p99"], token: admin, expect: 404, code: "notFound")
        try await check.call(
            "DELETE", participant, ["id": id, "participant": first], token: admin, expect: 404, code: "notFound")
        try await check.call(
            "DELETE", participant, ["id": "no-such-session", "participant": "p6"], token: admin, expect: 404,
            code: "notFound")
        try await check.call(
            "DELETE", participant, ["id": id, "participant": "p6"], token: admin, body: oversized, headers: noExpect,
            expect: 413, code: "tooLarge")

        // Live: the upgrade and its refusals.
        let live = "/api/sessions/{id}/live"
        let liveURL = server.webSocketBase + "/api/sessions/\(id)/live"
        for headers in [["Authorization": "Bearer \(try token("p4"))"], ["Cookie": cookie]] {
            let welcomed = try await within {
                let client = try await LiveTestClient.connect(url: liveURL + "?since=0", headers: headers)
                let welcome = try await client.next("welcome")
                client.close()
                _ = try await client.closeCode()
                return welcome != nil
            }
            #expect(welcomed)
            try check.upgraded(live)
        }
        try await check.call(
            "GET", live, session, query: "?since=x", token: admin, upgrade: true, expect: 400, code: "invalid")
        try await check.call("GET", live, session, upgrade: true, expect: 401, code: "unauthorized")
        try await check.call("GET", live, unknown, upgrade: true, expect: 401, code: "unauthorized")
        try await check.call("GET", live, session, token: victims["token"], upgrade: true, expect: 401)
        try await check.call(
            "GET", live, session, token: token("p4"), headers: ["Origin": foreignOrigin], upgrade: true, expect: 403,
            code: "forbidden")
        try await check.call("GET", live, unknown, token: admin, upgrade: true, expect: 404, code: "notFound")
        try await check.call("GET", live, session, token: admin, expect: 404)

        // Anonymous calls: refused with 401 exactly where the document asks for a credential.
        let validBodies = [
            "POST /api/sessions": fixture,
            "POST /api/sessions/{id}/join": "{\"token\":\"\(try token("p6"))\"}",
            "POST /api/sessions/{id}/participants": #"{"name":"Anonymous","role":"observer"}"#,
        ]
        for route in check.document.routes.sorted() {
            let parts = route.split(separator: " ").map(String.init)
            let (method, path) = (parts[0], parts[1])
            let isUpgrade = path == live
            let response = try await check.call(
                method, path, ["id": id, "participant": "p6"], body: validBodies[route], upgrade: isUpgrade,
                expect: check.document.isAnonymous(method, path)
                    ? (try check.document.responses(method, path).keys.compactMap(Int.init).filter { $0 < 300 }.min()
                        ?? 0)
                    : 401)
            if isUpgrade, response.status == 101 { Issue.record("an anonymous upgrade was accepted") }
        }

        // A session with every optional field: floor holder and hands, a mute, a close request.
        let commands: [(String, String)] = [
            ("p4", #"{"type":"raiseHand"}"#),
            ("p1", #"{"type":"grantFloor","participant":"p4"}"#),
            ("p5", #"{"type":"raiseHand"}"#),
            ("p1", #"{"type":"mute","participant":"p5","seconds":600}"#),
            ("p2", #"{"type":"closeSession"}"#),
        ]
        for (who, command) in commands {
            let url = server.webSocketBase + "/api/sessions/\(id)/live"
            let headers = ["Authorization": "Bearer \(try token(who))"]
            let reply = try await within {
                let client = try await LiveTestClient.connect(url: url, headers: headers)
                let object = try JSONSerialization.jsonObject(with: Data(command.utf8)) as? [String: Any] ?? [:]
                let reply = try await client.command(object)
                client.close()
                _ = try await client.closeCode()
                return "\(reply["type"] ?? "") \(reply["message"] ?? "")"
            }
            #expect(reply.hasPrefix("ack"), "\(who) \(command): \(reply)")
        }
        let busy = try await check.call("GET", "/api/sessions/{id}", session, token: admin, expect: 200)
        let document = try JSONValue.parse(busy.body)
        #expect(document["floor"]?["holder"] == .string("p4"))
        #expect(document["floor"]?["hands"]?.arrayValue?.isEmpty == false)
        #expect(document["closeRequestedBy"] == .array([.string("am")]))
        let members = document["participants"]?.arrayValue ?? []
        #expect(members.contains { $0["id"] == .string("p5") && $0["mutedUntil"] != nil })
        #expect(members.contains { $0["id"] == .string(first) && $0["removed"] == .bool(true) })

        // Closed: the session still reads, but takes no participant changes.
        let closeHeaders = ["Authorization": "Bearer \(try token("p3"))"]
        let closed = try await within {
            let client = try await LiveTestClient.connect(
                url: server.webSocketBase + "/api/sessions/\(id)/live", headers: closeHeaders)
            let reply = try await client.command(["type": "closeSession"])
            client.close()
            _ = try await client.closeCode()
            return reply["type"] as? String == "ack"
        }
        #expect(closed)
        let final = try await check.call("GET", "/api/sessions/{id}", session, token: token("p7"), expect: 200)
        #expect(final.json?["state"] as? String == "closed")
        try await check.call(
            "POST", participants, session, token: admin, body: #"{"name":"Late","role":"observer"}"#, expect: 409,
            code: "closed")
        try await check.call(
            "DELETE", participant, ["id": id, "participant": "p6"], token: admin, expect: 409, code: "closed")
        try await check.call("GET", "/api/sessions", token: admin, expect: 200)

        // Exports: an observer may export the dialogue (the default rules), closed or open.
        let export = "/api/sessions/{id}/export"
        let observed = try await check.call(
            "GET", export, session, query: "?view=report&format=txt", token: token("p7"), expect: 200)
        #expect(observed.headers["content-disposition"] == "inline; filename=\"report.txt\"")
        try await exerciseExport(&check, server, foreignToken: try token("p4"))
    }

    /// `GET /api/sessions/{id}/export`, in a session whose observers may not export: every
    /// documented view and format (and the defaults) after events of every kind, and each
    /// refusal. `foreignToken` is a participant's token of another session.
    static func exerciseExport(_ check: inout Conformance, _ server: TestServer, foreignToken: String) async throws {
        let admin = TestServer.adminToken
        let export = "/api/sessions/{id}/export"
        let participants = "/api/sessions/{id}/participants"
        let created = try await check.call(
            "POST", "/api/sessions", token: admin,
            body:
                #"{"title":"Closed doors","series":"Thematic Groups","sides":[{"id":"am","name":"Armenia","adjective":"Armenian"},{"id":"az","name":"Azerbaijan","adjective":"Azerbaijani"}],"agenda":[{"id":"obstacles","title":"Obstacles to signing the treaty"},{"id":"regional","title":"Regional dimension"}],"rules":{"observersMayExport":false},"report":{"date":"November 2025","about":"About the organiser."}}"#,
            expect: 201)
        #expect((created.json?["rules"] as? [String: Any])?["observersMayExport"] as? Bool == false)
        let id = try #require(created.json?["id"] as? String)
        let session = ["id": id]
        // p1 facilitator, p2/p3 co-chairs am/az, p4/p5 members am/az, p6 observer, p7 a member who leaves.
        let cast: [(String, String, String?)] = [
            ("Neutral Facilitator", "facilitator", nil), ("Leonid Nersisyan", "cochair", "am"),
            ("Murad Muradov", "cochair", "az"), ("Armine Margaryan", "member", "am"),
            ("Eldar Hamzali", "member", "az"), ("Independent Observer", "observer", nil),
            ("Short Stay", "member", "az"),
        ]
        var tokens: [String: String] = [:]
        for (name, role, side) in cast {
            var fields = ["name": name, "role": role]
            if let side { fields["side"] = side }
            let body = String(decoding: try JSONSerialization.data(withJSONObject: fields), as: UTF8.self)
            let added = try await check.call("POST", participants, session, token: admin, body: body, expect: 201)
            tokens[try #require(added.json?["id"] as? String)] = try #require(added.json?["token"] as? String)
        }
        func token(_ participant: String) throws -> String { try #require(tokens[participant]) }

        /// Sends one command as `who`; returns the seq of its first event.
        func run(_ who: String, _ command: String) async throws -> Int {
            let url = server.webSocketBase + "/api/sessions/\(id)/live"
            let headers = ["Authorization": "Bearer \(try token(who))"]
            let reply = try await within {
                let client = try await LiveTestClient.connect(url: url, headers: headers)
                let object = try JSONSerialization.jsonObject(with: Data(command.utf8)) as? [String: Any] ?? [:]
                let reply = try await client.command(object)
                client.close()
                _ = try await client.closeCode()
                return "\(reply["type"] ?? "") \(reply["seq"] ?? "") \(reply["message"] ?? "")"
            }
            #expect(reply.hasPrefix("ack "), "\(who) \(command): \(reply)")
            return Int(reply.split(separator: " ").dropFirst().first ?? "") ?? 0
        }
        // Events of every kind but `rejected`, which no export shows.
        _ = try await run("p1", #"{"type":"setRules","rules":{"heldTerms":["secret"]}}"#)
        let position = try await run(
            "p4", #"{"type":"post","item":"obstacles","kind":"position","text":"the railway first · Հայաստան"}"#)
        let reply = try await run(
            "p5",
            #"{"type":"post","item":"obstacles","kind":"comment","text":"Azərbaycan answers 🕊️","replyTo":\#(position)}"#
        )
        _ = try await run(
            "p4", #"{"type":"amend","contribution":\#(position),"text":"the railway first, then the roads · Հայաստան"}"#
        )
        let proposal = try await run(
            "p2", #"{"type":"post","item":"regional","kind":"proposal","text":"Open the existing communications."}"#)
        _ = try await run("p3", #"{"type":"endorse","contribution":\#(proposal),"version":1}"#)
        _ = try await run(
            "p3",
            #"{"type":"post","item":"regional","kind":"recommendation","text":"To reduce the risks:","options":["sign before the referendum","sign after it"]}"#
        )
        let held = try await run(
            "p5", #"{"type":"post","item":"obstacles","kind":"position","text":"a secret channel"}"#)
        _ = try await run("p1", #"{"type":"approve","contribution":\#(held),"version":1}"#)
        let refused = try await run(
            "p4", #"{"type":"post","item":"obstacles","kind":"position","text":"a secret insult"}"#)
        _ = try await run("p2", #"{"type":"reject","contribution":\#(refused),"version":1,"reason":"insult"}"#)
        _ = try await run("p1", #"{"type":"redact","contribution":\#(reply),"reason":"personal data"}"#)
        _ = try await run("p4", #"{"type":"raiseHand"}"#)
        _ = try await run("p4", #"{"type":"lowerHand"}"#)
        _ = try await run("p1", #"{"type":"grantFloor","participant":"p5"}"#)
        _ = try await run("p1", #"{"type":"mute","participant":"p4","seconds":60,"reason":"cooling off"}"#)
        _ = try await run("p1", #"{"type":"unmute","participant":"p4"}"#)
        _ = try await run("p1", #"{"type":"closeItem","item":"regional"}"#)
        _ = try await run("p1", #"{"type":"openItem","item":"regional"}"#)
        try await check.call(
            "DELETE", "/api/sessions/{id}/participants/{participant}", ["id": id, "participant": "p7"], token: admin,
            body: #"{"reason":"left early"}"#, expect: 204)
        let taken = try await run(
            "p4", #"{"type":"post","item":"regional","kind":"proposal","text":"A joint commission."}"#)
        _ = try await run("p2", #"{"type":"endorse","contribution":\#(taken),"version":1}"#)
        _ = try await run("p2", #"{"type":"withdrawEndorsement","contribution":\#(taken)}"#)
        _ = try await run(
            "p5", #"{"type":"translate","contribution":\#(taken),"language":"ru","text":"Совместная комиссия."}"#)
        _ = try await run("p2", #"{"type":"verifyTranslation","contribution":\#(taken),"language":"ru"}"#)
        // The report draft: every drafting event, up to the final report.
        _ = try await run("p2", #"{"type":"seedReport"}"#)
        _ = try await run("p3", #"{"type":"addSection","title":"Annex","owner":"az","text":"Azərbaycan"}"#)
        _ = try await run(
            "p2", #"{"type":"editSection","section":"s1","version":1,"text":"We [[shall // should]] meet."}"#)
        let suggestion = try await run("p5", #"{"type":"suggest","section":"s1","version":2,"text":"We shall meet."}"#)
        _ = try await run("p3", #"{"type":"applySuggestion","suggestion":\#(suggestion)}"#)
        let declined = try await run(
            "p4", #"{"type":"suggest","section":"s2","version":1,"text":"Soon.","note":"shorter"}"#)
        _ = try await run("p2", #"{"type":"dismissSuggestion","suggestion":\#(declined),"reason":"no"}"#)
        _ = try await run("p1", #"{"type":"moveSection","section":"s4","after":"s1"}"#)
        _ = try await run("p2", #"{"type":"removeSection","section":"s5"}"#)
        _ = try await run("p3", #"{"type":"removeSection","section":"s5"}"#)
        _ = try await run("p2", #"{"type":"signSection","section":"s2","version":1}"#)
        _ = try await run("p2", #"{"type":"withdrawSignature","section":"s2"}"#)
        for (section, version) in [("s1", 3), ("s2", 1), ("s3", 1), ("s4", 1)] {
            for cochair in ["p2", "p3"] {
                _ = try await run(
                    cochair, #"{"type":"signSection","section":"\#(section)","version":\#(version)}"#)
            }
        }
        _ = try await run("p3", #"{"type":"finalizeReport"}"#)
        _ = try await run("p2", #"{"type":"closeSession"}"#)
        _ = try await run("p3", #"{"type":"closeSession"}"#)

        // 200: the defaults the document states, then every documented view and format.
        let view = try exportParameter(check.document, "view")
        let format = try exportParameter(check.document, "format")
        let attribution = try exportParameter(check.document, "attribution")
        func expectExport(
            _ response: HTTP.Response, _ view: String, _ format: String,
            sourceLocation: SourceLocation = #_sourceLocation
        ) {
            let label = "\(view).\(format)"
            #expect(
                response.headers["content-type"] == exportMediaTypes[format], "\(label)", sourceLocation: sourceLocation
            )
            #expect(
                response.headers["content-disposition"] == "inline; filename=\"\(view).\(format)\"", "\(label)",
                sourceLocation: sourceLocation)
            #expect(
                response.headers["content-security-policy"]
                    == "default-src 'none'; style-src 'unsafe-inline'; img-src data:; frame-ancestors 'none'",
                sourceLocation: sourceLocation)
            #expect(response.headers["cache-control"] == "no-store", sourceLocation: sourceLocation)
            #expect(response.headers["x-content-type-options"] == "nosniff", sourceLocation: sourceLocation)
            #expect(response.body.contains("Հայաստան"), "\(label): \(response.body)", sourceLocation: sourceLocation)
            #expect(
                !response.body.contains("a secret insult"), "rejected text in \(label)", sourceLocation: sourceLocation)
            #expect(
                !response.body.contains("Azərbaycan answers"), "redacted text in \(label)",
                sourceLocation: sourceLocation)
        }
        let defaults = try await check.call("GET", export, session, token: admin, expect: 200)
        expectExport(defaults, try #require(view.default), try #require(format.default))
        for chosenView in view.values {
            for chosenFormat in format.values {
                for caller in ["p4", "p1"] {
                    let response = try await check.call(
                        "GET", export, session, query: "?view=\(chosenView)&format=\(chosenFormat)",
                        token: try token(caller), expect: 200)
                    expectExport(response, chosenView, chosenFormat)
                }
            }
        }
        // Chatham House (the session's attribution is `sides`): by name only for the facilitator.
        for value in attribution.values {
            for caller in ["p5", "p1"] {
                let allowed = value == "sides" || caller == "p1"
                let response = try await check.call(
                    "GET", export, session, query: "?view=transcript&attribution=\(value)", token: try token(caller),
                    expect: allowed ? 200 : 403)
                guard allowed else { continue }
                expectExport(response, "transcript", "md")
                #expect(response.body.contains("Armine Margaryan (Armenia)") == (value == "names"), "\(value)")
            }
        }

        // The JSON event list: the operator's has every kind an export can show (held drafts
        // and rejected contributions never reach an export); approved text is there.
        func kinds(_ response: HTTP.Response) throws -> Set<String> {
            Set(try JSONValue.parse(response.body).arrayValue?.compactMap { $0["event"]?["kind"]?.stringValue } ?? [])
        }
        let everything = try await check.call("GET", export, session, query: "?format=json", token: admin, expect: 200)
        expectExport(everything, "transcript", "json")
        // (Ground rules and phases need a spec of their own: `FacilitationLiveTests` has them.)
        let gatedKinds: Set = ["rulesAccepted", "phaseAdvanceRequested", "phaseAdvanced"]
        #expect(
            try kinds(everything)
                == Set(EventKind.allCases.map(\.rawValue)).subtracting(["rejected", "held"]).subtracting(gatedKinds))
        let member = try await check.call(
            "GET", export, session, query: "?view=report&format=json", token: try token("p4"), expect: 200)
        expectExport(member, "report", "json")
        #expect(try !kinds(member).contains("held"))
        #expect(member.body.contains("a secret channel"), "approved text is in the export")

        // The browser's cookie, from this origin and from another.
        let joined = try await check.call(
            "POST", "/api/sessions/{id}/join", session, body: "{\"token\":\"\(try token("p4"))\"}", expect: 200)
        let cookie = try #require(joined.headers["set-cookie"]?.split(separator: ";").first.map(String.init))
        let viaCookie = try await check.call(
            "GET", export, session, query: "?format=html",
            headers: ["Cookie": cookie, "Origin": "http://127.0.0.1:\(server.port)"],
            expect: 200)
        expectExport(viaCookie, "transcript", "html")
        try await check.call(
            "GET", export, session, headers: ["Cookie": cookie, "Origin": foreignOrigin], expect: 403, code: "forbidden"
        )

        // 403: observers, when the session says so, whatever they ask for.
        try await check.call("GET", export, session, token: try token("p6"), expect: 403, code: "forbidden")
        try await check.call(
            "GET", export, session, query: "?format=pdf", token: try token("p6"), expect: 403, code: "forbidden")

        // 400: a value the document does not list.
        for query in ["?view=minutes", "?format=pdf", "?format=", "?attribution=everyone", "?view=report&format=JSON"] {
            try await check.call(
                "GET", export, session, query: query, token: try token("p4"), expect: 400, code: "invalid")
        }

        // 401: no credential, an unknown or revoked token, another session's token.
        try await check.call("GET", export, session, expect: 401, code: "unauthorized")
        try await check.call("GET", export, ["id": "no-such-session"], expect: 401, code: "unauthorized")
        try await check.call(
            "GET", export, session, token: "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", expect: 401,
            code: "unauthorized")
        try await check.call("GET", export, session, token: try token("p7"), expect: 401, code: "unauthorized")
        try await check.call("GET", export, session, token: foreignToken, expect: 401, code: "unauthorized")
        try await check.call("GET", export, session, headers: ["Cookie": "parley-\(id)=\(admin)"], expect: 401)

        // 404: no such session.
        try await check.call("GET", export, ["id": "no-such-session"], token: admin, expect: 404, code: "notFound")
        try await check.call("GET", export, ["id": "Not-Safe"], token: admin, expect: 404, code: "notFound")
    }
}

extension JSONValue {
    static func ref(_ pointer: String) -> JSONValue { .object(["$ref": .string(pointer)]) }
}
