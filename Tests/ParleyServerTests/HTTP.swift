import Foundation

/// HTTP requests through the `curl` command line, which shows the real status line and
/// headers of any response, a refused WebSocket upgrade included, over HTTP or HTTPS.
enum HTTP {
    struct Response: Sendable {
        var status: Int
        var headers: [String: String]
        var body: String

        var json: [String: Any]? {
            (try? JSONSerialization.jsonObject(with: Data(body.utf8))) as? [String: Any]
        }

        var errorCode: String? { (json?["error"] as? [String: Any])?["code"] as? String }
    }

    /// Runs curl on a Dispatch thread: waiting for it must not block Swift's small
    /// cooperative pool, which the server under test needs.
    static func request(
        _ method: String, _ url: String, token: String? = nil, body: String? = nil,
        headers: [String: String] = [:], caCertificate: String? = nil
    ) async throws -> Response {
        try await withCheckedThrowingContinuation { continuation in
            DispatchQueue.global().async {
                continuation.resume(
                    with: Result {
                        try blockingRequest(
                            method, url, token: token, body: body, headers: headers, caCertificate: caCertificate)
                    })
            }
        }
    }

    private static func blockingRequest(
        _ method: String, _ url: String, token: String?, body: String?,
        headers: [String: String], caCertificate: String?
    ) throws -> Response {
        // HEAD through `-I`: with `-X HEAD` curl would wait for the body Content-Length announces.
        var arguments = ["-s", "--max-time", "20"] + (method == "HEAD" ? ["-I"] : ["-i", "-X", method])
        if let caCertificate { arguments += ["--cacert", caCertificate] }
        if let token { arguments += ["-H", "Authorization: Bearer \(token)"] }
        for (name, value) in headers { arguments += ["-H", "\(name): \(value)"] }
        if body != nil {
            arguments += ["-H", "Content-Type: application/json", "--data-binary", "@-"]
        }
        arguments.append(url)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/curl")
        process.arguments = arguments
        let input = Pipe()
        let output = Pipe()
        process.standardInput = input
        process.standardOutput = output
        try process.run()
        input.fileHandleForWriting.write(Data((body ?? "").utf8))
        try input.fileHandleForWriting.close()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return parse(String(decoding: data, as: UTF8.self))
    }

    /// A WebSocket upgrade request, to see how it is answered before any upgrade.
    static func upgrade(
        _ url: String, token: String? = nil, headers: [String: String] = [:], caCertificate: String? = nil
    )
        async throws -> Response
    {
        var all = headers
        all["Connection"] = "Upgrade"
        all["Upgrade"] = "websocket"
        all["Sec-WebSocket-Version"] = "13"
        all["Sec-WebSocket-Key"] = "dGhlIHNhbXBsZSBub25jZQ=="
        return try await request("GET", url, token: token, headers: all, caCertificate: caCertificate)
    }

    private static func parse(_ text: String) -> Response {
        guard let split = text.range(of: "\r\n\r\n") else { return Response(status: 0, headers: [:], body: text) }
        let lines = text[..<split.lowerBound].components(separatedBy: "\r\n")
        let status = lines.first.flatMap { $0.split(separator: " ").dropFirst().first }.flatMap { Int($0) } ?? 0
        var headers: [String: String] = [:]
        for line in lines.dropFirst() {
            guard let colon = line.firstIndex(of: ":") else { continue }
            headers[line[..<colon].lowercased()] = line[line.index(after: colon)...].trimmingCharacters(
                in: .whitespaces)
        }
        return Response(status: status, headers: headers, body: String(text[split.upperBound...]))
    }
}
