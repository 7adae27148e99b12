import ParleyCore

/// Random commands for property tests of a dialogue (the fixture's cast, agenda item
/// `obstacles`, held term `traitor`): the same generator drives the core and the exports
/// (`CaucusVisibilityTests`) and the live pipeline (`CaucusPipelineTests`).
public enum RandomCommands {
    /// One random command and who sends it, with `marker` as its text: posts in every
    /// channel, replies, held terms in the open and their approval or rejection,
    /// amendments, redactions, translations and their verification, people added late
    /// and, with `removals`, people removed.
    public static func next(
        _ marker: String, _ state: SessionState, removals: Bool, using random: inout SplitMix64
    ) -> (Command, Principal) {
        let ids = state.contributions.keys.sorted()
        let target = ids.randomElement(using: &random) ?? 1
        let speakers = state.activeParticipants.filter { $0.role != .observer }.map { Principal.participant($0.id) }
        let speaker = speakers.randomElement(using: &random)!
        let moderators = state.activeParticipants.filter { $0.role == .cochair || $0.role == .facilitator }
            .map { Principal.participant($0.id) }
        let moderator = moderators.randomElement(using: &random)!
        let channel = ChatChannel.allCases.randomElement(using: &random)!
        let language = [LanguageTag(rawValue: "ru"), LanguageTag(rawValue: "en")].randomElement(using: &random)!
        let held = ids.filter { state.contributions[$0]?.moderation == .held }.randomElement(using: &random) ?? target
        func inChannel(_ channel: ChatChannel?) -> ChatChannel? { channel == .main ? nil : channel }
        var pick = Int.random(in: 0..<(removals ? 16 : 15), using: &random)
        if !removals, pick >= 8 { pick += 1 }
        switch pick {
        case 0, 1, 2:
            return (.post(Post(item: "obstacles", kind: .chat, text: marker, channel: inChannel(channel))), speaker)
        case 3:
            // A held term: held in the open, not in a private channel.
            let kind = [ContributionKind.chat, .position].randomElement(using: &random)!
            let channel = kind == .chat && Int.random(in: 0..<3, using: &random) == 0 ? inChannel(channel) : nil
            return (.post(Post(item: "obstacles", kind: kind, text: "\(marker) traitor", channel: channel)), speaker)
        case 4:
            // A reply, mostly in the channel of what it answers.
            let answered = Int.random(in: 0..<4, using: &random) > 0 ? state.contributions[target]?.channel : channel
            return (
                .post(
                    Post(item: "obstacles", kind: .chat, text: marker, replyTo: target, channel: inChannel(answered))),
                speaker
            )
        case 5:
            // By its author; now and then a held one, which may take a held term.
            let amended = Bool.random(using: &random) ? target : held
            let author = state.contributions[amended].map { Principal.participant($0.author) } ?? speaker
            let text = Bool.random(using: &random) ? marker : "\(marker) traitor"
            return (.amend(contribution: amended, text: text), author)
        case 6:
            return (.redact(contribution: target, reason: "r"), moderator)
        case 7:
            let adders: [Principal] = [.admin] + moderators
            let role: Role = Int.random(in: 0..<4, using: &random) == 0 ? .observer : .member
            let name = "Late \(marker.filter(\.isNumber))"
            let side: SideID = Bool.random(using: &random) ? "am" : "az"
            return (
                .addParticipant(NewParticipant(name: name, role: role, side: side, credential: name)),
                adders.randomElement(using: &random)!
            )
        case 8:
            let late = state.activeParticipants.filter { state.joinings[$0.id].map { $0.seq > 8 } ?? false }
            guard let gone = late.randomElement(using: &random) else { return (.raiseHand, speaker) }
            return (.removeParticipant(gone.id, reason: nil), [.admin, moderator].randomElement(using: &random)!)
        case 9, 10:
            // Mostly of a contribution that may be translated.
            let translatable = ids.filter {
                state.contributions[$0]?.moderation == .visible && state.contributions[$0]?.redaction == nil
            }
            let original = Bool.random(using: &random) ? translatable.randomElement(using: &random) ?? target : target
            return (.translate(contribution: original, language: language, text: marker), speaker)
        case 11, 12:
            // Mostly of a translation there is, by the other side.
            let translated = ids.filter { state.contributions[$0]?.translations.isEmpty == false }
            guard Int.random(in: 0..<4, using: &random) > 0, let original = translated.randomElement(using: &random),
                let (language, translation) = state.contributions[original]!.translations.sorted(by: {
                    $0.key.rawValue < $1.key.rawValue
                }).randomElement(using: &random)
            else {
                return (.verifyTranslation(contribution: target, language: language, translation: nil), speaker)
            }
            let verifier = state.activeParticipants.filter {
                ($0.role == .cochair || $0.role == .member) && $0.side != translation.side
            }.randomElement(using: &random).map { Principal.participant($0.id) }
            let seq = Bool.random(using: &random) ? translation.seq : nil
            return (
                .verifyTranslation(contribution: original, language: language, translation: seq), verifier ?? speaker
            )
        case 13, 14:
            return (.approve(contribution: held, version: state.contributions[held]?.version ?? 1), moderator)
        default:
            return (
                .reject(contribution: held, version: state.contributions[held]?.version ?? 1, reason: nil), moderator
            )
        }
    }
}
