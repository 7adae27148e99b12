import Foundation

/// A JSON value that keeps booleans, integers and other numbers apart, for schema checks.
enum JSONValue: Equatable, Sendable, Decodable, CustomStringConvertible {
    case null
    case bool(Bool)
    case int(Int64)
    case number(Double)
    case string(String)
    case array([JSONValue])
    case object([String: JSONValue])

    init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() {
            self = .null
        } else if let value = try? container.decode(Bool.self) {
            self = .bool(value)
        } else if let value = try? container.decode(Int64.self) {
            self = .int(value)
        } else if let value = try? container.decode(Double.self) {
            self = .number(value)
        } else if let value = try? container.decode(String.self) {
            self = .string(value)
        } else if let value = try? container.decode([JSONValue].self) {
            self = .array(value)
        } else {
            self = .object(try container.decode([String: JSONValue].self))
        }
    }

    /// Parses JSON text.
    static func parse(_ text: String) throws -> JSONValue {
        try JSONDecoder().decode(JSONValue.self, from: Data(text.utf8))
    }

    /// Converts what `Yams.load(yaml:)` returns; mapping keys become strings (`200` → `"200"`).
    static func fromYAML(_ value: Any?) throws -> JSONValue {
        guard let value else { return .null }
        switch value {
        case is NSNull: return .null
        case let value as Bool: return .bool(value)
        case let value as Int: return .int(Int64(value))
        case let value as Double: return .number(value)
        case let value as String: return .string(value)
        case let value as [Any]: return .array(try value.map(fromYAML))
        case let value as [AnyHashable: Any]:
            var object: [String: JSONValue] = [:]
            for (key, element) in value { object["\(key.base)"] = try fromYAML(element) }
            return .object(object)
        default:
            throw SchemaDocumentError("unexpected YAML value \(value) of type \(type(of: value)); quote it")
        }
    }

    var description: String {
        switch self {
        case .null: "null"
        case .bool(let value): "\(value)"
        case .int(let value): "\(value)"
        case .number(let value): "\(value)"
        case .string(let value): "\"\(value)\""
        case .array(let value): "[\(value.map(\.description).joined(separator: ","))]"
        case .object(let value):
            "{\(value.keys.sorted().map { "\"\($0)\":\(value[$0]!.description)" }.joined(separator: ","))}"
        }
    }

    subscript(key: String) -> JSONValue? {
        if case .object(let object) = self { object[key] } else { nil }
    }

    var objectValue: [String: JSONValue]? { if case .object(let value) = self { value } else { nil } }
    var arrayValue: [JSONValue]? { if case .array(let value) = self { value } else { nil } }
    var stringValue: String? { if case .string(let value) = self { value } else { nil } }
    var boolValue: Bool? { if case .bool(let value) = self { value } else { nil } }

    var numericValue: Double? {
        switch self {
        case .int(let value): Double(value)
        case .number(let value): value
        default: nil
        }
    }

    /// Equality as JSON Schema's `enum` sees it: `1` and `1.0` are the same number.
    func sameJSON(as other: JSONValue) -> Bool {
        if let lhs = numericValue, let rhs = other.numericValue { return lhs == rhs }
        return self == other
    }
}

struct SchemaDocumentError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}

/// Validates JSON values against the subset of JSON Schema (2020-12, as OpenAPI 3.1 uses it)
/// that `docs/openapi.yaml` may use: `type` (a name or a list, `"null"` included), `enum`,
/// `required`, `properties`, `additionalProperties` (false or a schema), `items`, `minItems`,
/// `maxItems`, `minLength`, `maxLength` (in code points), `minimum`, `maximum`, `pattern`, `oneOf`, `anyOf` and `$ref` to a JSON pointer
/// in the document (`#/components/schemas/…`). Any other keyword is an error rather than
/// silently ignored, so the document cannot state a constraint these tests do not check.
struct JSONSchemaCheck {
    /// The whole document that `$ref`s point into.
    let document: JSONValue

    static let keywords: Set<String> = [
        "$ref", "type", "enum", "required", "properties", "additionalProperties", "items", "minItems", "maxItems",
        "minLength", "maxLength", "minimum", "maximum", "pattern", "oneOf", "anyOf",
    ]
    /// Keywords that only describe; they never fail a value.
    static let annotations: Set<String> = [
        "description", "title", "format", "example", "examples", "default", "deprecated", "readOnly", "writeOnly",
        "$comment",
    ]

    /// The value a `#/a/b/c` pointer names.
    func resolve(pointer: String) throws -> JSONValue {
        guard pointer.hasPrefix("#/") else { throw SchemaDocumentError("only local $refs are supported: \(pointer)") }
        var current = document
        for raw in pointer.dropFirst(2).split(separator: "/", omittingEmptySubsequences: false) {
            let key = raw.replacingOccurrences(of: "~1", with: "/").replacingOccurrences(of: "~0", with: "~")
            guard let next = current[key] else { throw SchemaDocumentError("$ref \(pointer) names nothing") }
            current = next
        }
        return current
    }

    /// Follows `$ref` until an object without one (for responses, parameters).
    func dereference(_ value: JSONValue) throws -> JSONValue {
        var current = value
        var hops = 0
        while let ref = current["$ref"]?.stringValue {
            hops += 1
            guard hops < 32 else { throw SchemaDocumentError("$ref cycle at \(ref)") }
            current = try resolve(pointer: ref)
        }
        return current
    }

    /// Everything wrong with `value`; empty when it is valid.
    func errors(_ value: JSONValue, against schema: JSONValue, at path: String = "$") -> [String] {
        if case .bool(let accepts) = schema { return accepts ? [] : ["\(path): no value is allowed here"] }
        guard let keywords = schema.objectValue else { return ["\(path): the schema \(schema) is not an object"] }
        var problems: [String] = []
        for key in keywords.keys.sorted() where !Self.keywords.contains(key) && !Self.annotations.contains(key) {
            problems.append("\(path): unsupported schema keyword '\(key)'")
        }

        if let ref = keywords["$ref"] {
            guard let pointer = ref.stringValue else { return problems + ["\(path): $ref is not a string"] }
            do {
                problems += errors(value, against: try resolve(pointer: pointer), at: path)
            } catch {
                problems.append("\(path): \(error)")
            }
        }

        if let type = keywords["type"] {
            let names = type.arrayValue?.compactMap(\.stringValue) ?? type.stringValue.map { [$0] } ?? []
            if names.isEmpty { problems.append("\(path): 'type' must be a name or a list of names") }
            if !names.isEmpty && !names.contains(where: { Self.matches(value, type: $0) }) {
                problems.append("\(path): expected \(names.joined(separator: " or ")), found \(value)")
                return problems
            }
        }

        if let options = keywords["enum"] {
            if let options = options.arrayValue {
                if !options.contains(where: { $0.sameJSON(as: value) }) {
                    problems.append("\(path): \(value) is not one of \(JSONValue.array(options))")
                }
            } else {
                problems.append("\(path): 'enum' must be a list")
            }
        }

        if let number = value.numericValue {
            if let minimum = keywords["minimum"]?.numericValue, number < minimum {
                problems.append("\(path): \(value) is below the minimum \(minimum)")
            }
            if let maximum = keywords["maximum"]?.numericValue, number > maximum {
                problems.append("\(path): \(value) is above the maximum \(maximum)")
            }
        }

        if let length = value.stringValue.map({ Double($0.unicodeScalars.count) }) {
            if let minimum = keywords["minLength"]?.numericValue, length < minimum {
                problems.append("\(path): \(value) is shorter than \(minimum) code points")
            }
            if let maximum = keywords["maxLength"]?.numericValue, length > maximum {
                problems.append("\(path): \(value) is longer than \(maximum) code points")
            }
        }

        if let text = value.stringValue, let pattern = keywords["pattern"]?.stringValue {
            if let regex = try? NSRegularExpression(pattern: pattern) {
                let range = NSRange(text.startIndex..., in: text)
                if regex.firstMatch(in: text, range: range) == nil {
                    problems.append("\(path): \(value) does not match /\(pattern)/")
                }
            } else {
                problems.append("\(path): the pattern /\(pattern)/ does not compile")
            }
        }

        if let elements = value.arrayValue {
            if let minimum = keywords["minItems"]?.numericValue, Double(elements.count) < minimum {
                problems.append("\(path): \(elements.count) items, fewer than \(minimum)")
            }
            if let maximum = keywords["maxItems"]?.numericValue, Double(elements.count) > maximum {
                problems.append("\(path): \(elements.count) items, more than \(maximum)")
            }
            if let items = keywords["items"] {
                for (index, element) in elements.enumerated() {
                    problems += errors(element, against: items, at: "\(path)[\(index)]")
                }
            }
        }

        if let object = value.objectValue {
            for name in keywords["required"]?.arrayValue?.compactMap(\.stringValue) ?? [] where object[name] == nil {
                problems.append("\(path): the required field '\(name)' is missing")
            }
            let properties = keywords["properties"]?.objectValue ?? [:]
            for (name, element) in object.sorted(by: { $0.key < $1.key }) {
                if let property = properties[name] {
                    problems += errors(element, against: property, at: "\(path).\(name)")
                } else if let additional = keywords["additionalProperties"] {
                    if additional == .bool(false) {
                        problems.append("\(path): the field '\(name)' is not in the schema")
                    } else {
                        problems += errors(element, against: additional, at: "\(path).\(name)")
                    }
                }
            }
        }

        if let branches = keywords["oneOf"]?.arrayValue {
            let results = branches.map { errors(value, against: $0, at: path) }
            let passing = results.filter(\.isEmpty).count
            if passing != 1 {
                problems.append(
                    "\(path): \(value) matches \(passing) of the oneOf branches, not exactly one: "
                        + results.flatMap { $0 }.joined(separator: "; "))
            }
        }
        if let branches = keywords["anyOf"]?.arrayValue {
            let results = branches.map { errors(value, against: $0, at: path) }
            if !results.contains(where: \.isEmpty) {
                problems.append(
                    "\(path): \(value) matches none of the anyOf branches: "
                        + results.flatMap { $0 }.joined(separator: "; "))
            }
        }
        return problems
    }

    /// Keywords the validator would not check, anywhere in `schema` (including branches no
    /// test value reaches), and `$ref`s that name nothing.
    func lint(_ schema: JSONValue, at path: String) -> [String] {
        if case .bool = schema { return [] }
        guard let keywords = schema.objectValue else { return ["\(path): the schema is not an object"] }
        var problems: [String] = []
        for key in keywords.keys.sorted() where !Self.keywords.contains(key) && !Self.annotations.contains(key) {
            problems.append("\(path): unsupported schema keyword '\(key)'")
        }
        if let ref = keywords["$ref"]?.stringValue {
            if !ref.hasPrefix("#/components/schemas/") {
                problems.append("\(path): $ref \(ref) is not to #/components/schemas")
            } else if (try? resolve(pointer: ref)) == nil {
                problems.append("\(path): $ref \(ref) names nothing")
            }
        }
        if let pattern = keywords["pattern"]?.stringValue, (try? NSRegularExpression(pattern: pattern)) == nil {
            problems.append("\(path): the pattern /\(pattern)/ does not compile")
        }
        for (name, property) in keywords["properties"]?.objectValue ?? [:] {
            problems += lint(property, at: "\(path).properties.\(name)")
        }
        for key in ["items", "additionalProperties"] {
            if let nested = keywords[key] { problems += lint(nested, at: "\(path).\(key)") }
        }
        for key in ["oneOf", "anyOf"] {
            for (index, branch) in (keywords[key]?.arrayValue ?? []).enumerated() {
                problems += lint(branch, at: "\(path).\(key)[\(index)]")
            }
        }
        return problems
    }

    private static func matches(_ value: JSONValue, type: String) -> Bool {
        switch (type, value) {
        case ("null", .null), ("boolean", .bool), ("string", .string), ("array", .array), ("object", .object):
            true
        case ("integer", .int), ("number", .int), ("number", .number):
            true
        case ("integer", .number(let number)):
            number.rounded() == number
        default:
            false
        }
    }
}
