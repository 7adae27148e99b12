import Foundation
import ParleyCore

/// A command as a client sends it over the live protocol:
/// `{"type":COMMAND,"ref":R, ...fields}` (contract §3).
public struct ClientFrame: Equatable, Sendable {
    /// Any string the client chose; it comes back in the ack or error.
    public var ref: String?
    public var command: Command

    public init(ref: String?, command: Command) {
        self.ref = ref
        self.command = command
    }

    /// A frame that could not be decoded, with the `ref` when one could be read.
    public struct Malformed: Error, Equatable, Sendable {
        public var ref: String?
        public var refusal: Refusal
    }

    /// Decodes one text frame. Every failure is an `invalid` refusal that names the field.
    public static func decode(_ data: Data) -> Result<ClientFrame, Malformed> {
        let decoder = JSONDecoder()
        guard let header = try? decoder.decode(Header.self, from: data) else {
            return .failure(Malformed(ref: nil, refusal: Refusal(.invalid, "a command is a JSON object")))
        }
        guard let type = header.type else {
            return .failure(Malformed(ref: header.ref, refusal: Refusal(.invalid, "the command has no 'type'")))
        }
        do {
            let command: Command
            switch type {
            case "post":
                command = .post(try decoder.decode(Post.self, from: data))
            case "amend":
                let fields = try decoder.decode(AmendFields.self, from: data)
                command = .amend(contribution: fields.contribution, text: fields.text)
            case "endorse":
                let fields = try decoder.decode(Target.self, from: data)
                command = .endorse(contribution: fields.contribution, version: try fields.required(type))
            case "withdrawEndorsement":
                command = .withdrawEndorsement(contribution: try decoder.decode(Target.self, from: data).contribution)
            case "redact":
                let fields = try decoder.decode(RedactFields.self, from: data)
                command = .redact(contribution: fields.contribution, reason: fields.reason)
            case "approve":
                let fields = try decoder.decode(Target.self, from: data)
                command = .approve(contribution: fields.contribution, version: try fields.required(type))
            case "reject":
                let fields = try decoder.decode(Target.self, from: data)
                command = .reject(
                    contribution: fields.contribution, version: try fields.required(type), reason: fields.reason)
            case "raiseHand": command = .raiseHand
            case "lowerHand": command = .lowerHand
            case "grantFloor":
                command = .grantFloor(participant: try decoder.decode(PersonFields.self, from: data).participant)
            case "openItem": command = .openItem(try decoder.decode(ItemFields.self, from: data).item)
            case "closeItem": command = .closeItem(try decoder.decode(ItemFields.self, from: data).item)
            case "mute":
                let fields = try decoder.decode(PersonFields.self, from: data)
                guard let seconds = fields.seconds else {
                    throw Refusal(.invalid, "mute needs 'seconds'")
                }
                command = .mute(participant: fields.participant, seconds: seconds, reason: fields.reason)
            case "unmute":
                command = .unmute(participant: try decoder.decode(PersonFields.self, from: data).participant)
            case "setRules": command = .setRules(try decoder.decode(RulesFields.self, from: data).rules)
            case "closeSession": command = .closeSession
            case "seedReport": command = .seedReport
            case "finalizeReport": command = .finalizeReport
            default:
                command = try facilitationCommand(type, data, decoder) ?? draftingCommand(type, data, decoder)
            }
            return .success(ClientFrame(ref: header.ref, command: command))
        } catch let refusal as Refusal {
            return .failure(Malformed(ref: header.ref, refusal: refusal))
        } catch {
            return .failure(Malformed(ref: header.ref, refusal: Refusal(.invalid, Self.explain(error, type))))
        }
    }

    /// The drafting commands of contract §5.
    private static func draftingCommand(_ type: String, _ data: Data, _ decoder: JSONDecoder) throws -> Command {
        switch type {
        case "addSection":
            let fields = try decoder.decode(SectionFields.self, from: data)
            guard let title = fields.title, let owner = fields.owner else {
                throw Refusal(.invalid, "addSection needs 'title' and 'owner'")
            }
            return .addSection(title: title, owner: owner, after: fields.after, text: fields.text)
        case "editSection":
            let fields = try decoder.decode(SectionFields.self, from: data)
            guard let section = fields.section, let version = fields.version, let text = fields.text else {
                throw Refusal(.invalid, "editSection needs 'section', 'version' and 'text'")
            }
            return .editSection(section, version: version, text: text, title: fields.title)
        case "suggest":
            let fields = try decoder.decode(SectionFields.self, from: data)
            guard let section = fields.section, let version = fields.version, let text = fields.text else {
                throw Refusal(.invalid, "suggest needs 'section', 'version' and 'text'")
            }
            return .suggest(section, version: version, text: text, note: fields.note)
        case "applySuggestion":
            return .applySuggestion(try decoder.decode(SuggestionFields.self, from: data).suggestion)
        case "dismissSuggestion":
            let fields = try decoder.decode(SuggestionFields.self, from: data)
            return .dismissSuggestion(fields.suggestion, reason: fields.reason)
        case "signSection":
            let fields = try decoder.decode(SectionFields.self, from: data)
            guard let section = fields.section, let version = fields.version else {
                throw Refusal(.invalid, "signSection needs 'section' and 'version'")
            }
            return .signSection(section, version: version)
        case "withdrawSignature":
            return .withdrawSignature(try requiredSection(decoder, data, type))
        case "moveSection":
            let fields = try decoder.decode(SectionFields.self, from: data)
            guard let section = fields.section else { throw Refusal(.invalid, "moveSection needs 'section'") }
            return .moveSection(section, after: fields.after)
        case "removeSection":
            return .removeSection(try requiredSection(decoder, data, type))
        default:
            throw Refusal(.invalid, "unknown command type '\(type)'")
        }
    }

    private static func requiredSection(_ decoder: JSONDecoder, _ data: Data, _ type: String) throws -> SectionID {
        guard let section = try decoder.decode(SectionFields.self, from: data).section else {
            throw Refusal(.invalid, "\(type) needs 'section'")
        }
        return section
    }

    private static func explain(_ error: any Error, _ type: String) -> String {
        guard let error = error as? DecodingError else { return "malformed \(type) command" }
        switch error {
        case .keyNotFound(let key, _): return "\(type) needs '\(key.stringValue)'"
        case .typeMismatch(_, let context), .valueNotFound(_, let context), .dataCorrupted(let context):
            let field = context.codingPath.map(\.stringValue).filter { !$0.isEmpty }.joined(separator: ".")
            return field.isEmpty ? "malformed \(type) command" : "\(type): '\(field)' has the wrong type or value"
        @unknown default: return "malformed \(type) command"
        }
    }

    /// `type` and `ref`, read leniently so that a reply can carry the ref of a bad command.
    private struct Header: Decodable {
        var type: String?
        var ref: String?

        private enum CodingKeys: String, CodingKey { case type, ref }

        init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            type = try? container.decodeIfPresent(String.self, forKey: .type)
            ref = try? container.decodeIfPresent(String.self, forKey: .ref)
        }
    }

    private struct AmendFields: Decodable {
        var contribution: ContributionID
        var text: String
    }

    private struct Target: Decodable {
        var contribution: ContributionID
        var version: Int?
        var reason: String?

        /// The version read: a key without one is refused, never applied to whatever is current.
        func required(_ type: String) throws -> Int {
            guard let version else { throw Refusal(.invalid, "\(type) needs 'version', the version you read") }
            return version
        }
    }

    private struct RedactFields: Decodable {
        var contribution: ContributionID
        var reason: String
    }

    private struct PersonFields: Decodable {
        var participant: ParticipantID
        var seconds: Int?
        var reason: String?
    }

    private struct ItemFields: Decodable {
        var item: ItemID
    }

    private struct RulesFields: Decodable {
        var rules: RulesPatch
    }

    private struct SectionFields: Decodable {
        var section: SectionID?
        var version: Int?
        var title: String?
        var owner: SectionOwner?
        var after: SectionID?
        var text: String?
        var note: String?
    }

    private struct SuggestionFields: Decodable {
        var suggestion: Seq
        var reason: String?
    }
}
