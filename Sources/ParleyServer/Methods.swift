import HTTPTypes
import Hummingbird

/// Serves `HEAD` for every `GET`: the same status and headers, no body. It wraps the whole
/// router, because the router picks a route by method before any middleware runs.
struct HeadResponder<Inner: HTTPResponder<ParleyRequestContext>>: HTTPResponder {
    let inner: Inner

    func respond(to request: Request, context: ParleyRequestContext) async throws -> Response {
        guard request.method == .head else { return try await inner.respond(to: request, context: context) }
        var head = request.head
        head.method = .get
        var response = try await inner.respond(to: Request(head: head, body: request.body), context: context)
        let length = response.headers[.contentLength]
        response.body = ResponseBody()
        response.headers[.contentLength] = length
        return response
    }
}

extension Router<ParleyRequestContext> {
    /// Answers a method that a route's path does not have with `405` and an `Allow` header
    /// instead of `404`. Call it after every route is added: the allowed methods are read
    /// from the router's own table, so they cannot drift from the routes.
    func refuseUnlistedMethods() {
        let methods: [HTTPRequest.Method] = [
            .get, .head, .post, .put, .patch, .delete, .options, .trace, HTTPRequest.Method("QUERY")!,
        ]
        for routes in Dictionary(grouping: routes, by: { $0.path.description }).values {
            var allowed = Set(routes.map(\.method))
            if allowed.contains(.get) { allowed.insert(.head) }
            let allow = methods.filter(allowed.contains).map(\.rawValue).joined(separator: ", ")
            for method in methods where !allowed.contains(method) {
                on(routes[0].path, method: method) { _, _ -> Response in
                    JSON.error(
                        code: "methodNotAllowed",
                        message: "\(method.rawValue) is not a method of this path; it allows \(allow)",
                        status: .methodNotAllowed, headers: [.allow: allow])
                }
            }
        }
    }
}
