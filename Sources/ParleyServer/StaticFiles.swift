import Foundation
import HTTPTypes
import Hummingbird
import ParleyCore

/// Headers on every response: a strict Content-Security-Policy (`default-src 'self'`, no
/// inline script or style) unless the route set a stricter one of its own, no MIME
/// sniffing, no framing, no referrer.
struct SecurityHeadersMiddleware: RouterMiddleware {
    typealias Context = ParleyRequestContext

    static let contentSecurityPolicy =
        "default-src 'self'; base-uri 'none'; object-src 'none'; frame-ancestors 'none'; form-action 'self'"

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response)
        async throws -> Response
    {
        var response = try await next(request, context)
        if response.headers[.contentSecurityPolicy] == nil {
            response.headers[.contentSecurityPolicy] = Self.contentSecurityPolicy
        }
        response.headers[.xContentTypeOptions] = "nosniff"
        response.headers[.xFrameOptions] = "DENY"
        response.headers[HTTPField.Name("Referrer-Policy")!] = "no-referrer"
        return response
    }
}

/// Refuses, before any route or file lookup, a path that decodes to control characters
/// (`%00`, `%0A`) or a backslash, or does not decode at all: such a path can make a file
/// lookup and its content type disagree (`main.js%00.html` served a script as HTML).
struct PathGuardMiddleware: RouterMiddleware {
    typealias Context = ParleyRequestContext

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response)
        async throws -> Response
    {
        guard let decoded = request.uri.path.removingPercentEncoding,
            !decoded.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7F || $0 == "\\" })
        else { throw Refusal(.invalid, "the path holds characters no Parley path has") }
        return try await next(request, context)
    }
}

/// Serves the browser client's pages: `/` and `/s/{id}` are the room (`index.html`),
/// `/admin` the organiser's console (`admin.html`); other paths are files under the public
/// directory. Files are revalidated on every use (`no-cache` with ETag and Last-Modified),
/// so an upgrade reaches browsers at once.
struct PageMiddleware: RouterMiddleware {
    typealias Context = ParleyRequestContext

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response)
        async throws -> Response
    {
        guard request.method == .get || request.method == .head, let page = page(of: request.uri.path) else {
            return try await next(request, context)
        }
        var head = request.head
        head.path = page
        return try await next(Request(head: head, body: request.body), context)
    }

    private func page(of path: String) -> String? {
        if path == "/" || isRoomPath(path) { return "/index.html" }
        if path == "/admin" { return "/admin.html" }
        return nil
    }

    private func isRoomPath(_ path: String) -> Bool {
        let parts = path.split(separator: "/", omittingEmptySubsequences: false)
        return parts.count == 3 && parts[1] == "s" && String(parts[2]).isSafeIdentifier
    }
}

extension HTTPField.Name {
    static let xFrameOptions = Self("X-Frame-Options")!
}
