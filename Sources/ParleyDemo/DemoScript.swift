import ParleyCore

/// The demo dialogue: the reference report's content posted as the delegations would post
/// it, so that the demo session's joint report reads like the reference.
///
/// Positions start where "From Armenia's perspective," leaves off, and comments where
/// "The Azerbaijani side" leaves off, because the report prints them after those leads.
/// Participant ids follow `DemoSession.cast`: p1 the facilitator, p2 and p3 the co-chairs
/// (Armenia, Azerbaijan), p4–p7 Armenian members, p8–p11 Azerbaijani members.
public enum DemoScript {
    /// One step: who does what. Steps refer to earlier contributions by label.
    public struct Step: Sendable {
        public enum Action: Sendable {
            case post(
                label: String, item: ItemID, kind: ContributionKind, text: String, replyTo: String?, options: [String]?)
            case endorse(label: String)
            /// A drafting command, made from the seqs of earlier labelled steps.
            case draft(label: String?, command: @Sendable ([String: Seq]) -> Command)
        }

        public var by: ParticipantID
        public var action: Action
    }

    /// Plays the script through `submit`, which runs a command and returns the seq of its first event.
    public static func play(_ steps: [Step] = steps, _ submit: (Command, Principal) async throws -> Seq)
        async throws
    {
        var labels: [String: Seq] = [:]
        var accepted = Set<ParticipantID>()
        for step in steps {
            // Each participant accepts the ground rules at the door, before their first act.
            if let rules = DemoSession.spec.groundRules, accepted.insert(step.by).inserted {
                _ = try await submit(.acceptRules(version: rules.version), .participant(step.by))
            }
            switch step.action {
            case .post(let label, let item, let kind, let text, let replyTo, let options):
                let post = Post(
                    item: item, kind: kind, text: text, replyTo: replyTo.flatMap { labels[$0] }, options: options)
                labels[label] = try await submit(.post(post), .participant(step.by))
            case .endorse(let label):
                guard let id = labels[label] else { continue }
                _ = try await submit(.endorse(contribution: id, version: 1), .participant(step.by))
            case .draft(let label, let command):
                let seq = try await submit(command(labels), .participant(step.by))
                if let label { labels[label] = seq }
            }
        }
    }

    private static func post(
        _ by: ParticipantID, _ label: String, _ item: ItemID, _ kind: ContributionKind, _ text: String,
        replyTo: String? = nil, options: [String]? = nil
    ) -> Step {
        Step(
            by: by, action: .post(label: label, item: item, kind: kind, text: text, replyTo: replyTo, options: options))
    }

    private static func endorse(_ by: ParticipantID, _ label: String) -> Step {
        Step(by: by, action: .endorse(label: label))
    }

    private static func draft(_ by: ParticipantID, _ command: Command, label: String? = nil) -> Step {
        Step(by: by, action: .draft(label: label, command: { _ in command }))
    }

    public static let steps: [Step] = discussion + drafting

    /// The discussion alone, before the report is drafted.
    public static let discussion: [Step] = perspectives + regional + trust

    /// The co-chairs draft the joint report from the discussion: seeded, edited into the
    /// reference's prose, one bracket cleaned through a member's suggestion, the section
    /// that the recommendations absorbed removed by both, every section signed, final.
    /// Sections of the seed: s1 introduction, s2–s4 the agenda items, s5 recommendations.
    public static let drafting: [Step] =
        [
            draft("p2", .seedReport),
            draft("p2", .editSection("s1", version: 1, text: DemoReport.introduction, title: nil)),
            draft("p3", .editSection("s2", version: 1, text: DemoReport.perspectivesBracketed, title: nil)),
            draft(
                "p4",
                .suggest(
                    "s2", version: 2, text: DemoReport.perspectives,
                    note: "Both phrasings say the same: keep the shorter one."),
                label: "clean-bracket"),
            Step(by: "p3", action: .draft(label: nil, command: { .applySuggestion($0["clean-bracket"] ?? 0) })),
            draft("p3", .editSection("s3", version: 1, text: DemoReport.regional, title: nil)),
            draft("p2", .removeSection("s4")),
            draft("p3", .removeSection("s4")),
            draft("p2", .editSection("s5", version: 1, text: DemoReport.recommendations, title: nil)),
        ]
        + ["s1", "s2", "s3", "s5"].flatMap { section -> [Step] in
            let version = section == "s2" ? 3 : 2
            return [
                draft("p2", .signSection(SectionID(rawValue: section), version: version)),
                draft("p3", .signSection(SectionID(rawValue: section), version: version)),
            ]
        } + [draft("p3", .finalizeReport)]

    static let perspectives: [Step] = [
        post(
            "p4", "am-constitution", "perspectives", .position,
            "the Azerbaijani demand to change the Armenian Constitution is not justified. The Armenian government has taken a constructive approach towards a peace treaty, and as constitutional amendments require a national referendum, a negative vote could freeze the peace process. Requiring constitutional changes also contradicts Article V of the initialed treaty, which prohibits interference in internal affairs; once ratified, the treaty itself would supersede domestic legislation."
        ),
        post(
            "p8", "az-constitution", "perspectives", .position,
            "the current Constitution of Armenia contains territorial claims against Azerbaijan, as its preamble includes a reference to the 1990 Declaration of Independence. This undermines the prospects for durable peace by continually casting doubt on the legitimacy of the peace treaty in the eyes of the Azerbaijani people."
        ),
        post(
            "p5", "am-trust", "perspectives", .position,
            "the mistrust stems from the state-level promotion of the project “Western Azerbaijan”, from Baku's refusal to release Armenians detained as a result of the war, and from the ongoing militarization of Azerbaijan in contrast with Armenia's reduction in military spending. Armenia expects concrete steps from Baku that would demonstrate genuine security guarantees and peaceful intentions."
        ),
        post(
            "p9", "az-comment-trust", "perspectives", .comment,
            "agrees that the trust remains fragile because of these and other issues, but it has a different perspective. In Baku's view, the concept of “Western Azerbaijan” reflects the historical rights of displaced Azerbaijanis rather than expansionist ambitions, and increased defense spending is a legitimate measure of deterrence; genuine peace requires firm guarantees against revanchism and a stable, pro-peace consensus in Armenia.",
            replyTo: "am-trust"),
        post(
            "p6", "am-comment-constitution", "perspectives", .comment,
            "notes that both the initialed peace treaty and the verdict of the Constitutional Court already annul the clause Baku objects to.",
            replyTo: "az-constitution"),
        post(
            "p2", "agree-washington", "perspectives", .proposal,
            "the Washington meeting brought cautious optimism: Azerbaijan and Armenia recognized each other's territorial integrity and declared the conflict over. For the first time, Baku and Yerevan see lasting peace as more beneficial than the status quo."
        ),
        endorse("p3", "agree-washington"),
        post(
            "p3", "agree-escalation", "perspectives", .proposal,
            "the initialing of the peace treaty has significantly reduced the risk of escalation, and that progress in the peace process opens the door to advancing Armenia-Türkiye normalization."
        ),
        endorse("p2", "agree-escalation"),
        post(
            "p2", "recommend-referendum", "perspectives", .recommendation,
            "To reduce referendum-related risks, options include:",
            options: [
                "to sign the treaty before the referendum to signal commitment;",
                "after the signing of the Treaty, to maximize joint efforts to establish diplomatic relations;",
                "to elaborate in advance on the necessary steps to minimize possible negative impacts on the peace process if the vote fails;",
                "to create a clear implementation framework for the Joint Declaration to avoid legal ambiguities and disputes.",
            ]),
        endorse("p3", "recommend-referendum"),
        post(
            "p3", "recommend-communications", "perspectives", .recommendation,
            "As the implementation of TRIPP is a time-consuming process, both sides may open the existing communications to foster regional and interregional connectivity."
        ),
        endorse("p2", "recommend-communications"),
        post(
            "p1", "chat-welcome", "perspectives", .chat, "Welcome to both delegations. Positions first, then comments."),
    ]

    static let regional: [Step] = [
        post(
            "p7", "am-regional", "regional", .position,
            "Russia's position on the normalization process is ambivalent: Moscow welcomes regional stability, yet the Washington summit undermined its dominant role in the South Caucasus, and the current arrangements contradict the November 2020 trilateral statement."
        ),
        post(
            "p10", "az-regional", "regional", .position,
            "Iran's primary anxiety centers on US involvement in the TRIPP and on the strategic significance of its own “Araz Corridor”, while Türkiye is the main regional beneficiary of the shifting balance in the South Caucasus."
        ),
        post(
            "p11", "az-comment-diaspora", "regional", .comment,
            "views some non-conventional external risks, perceiving the Armenian Diaspora as a potential obstacle to the normalization.",
            replyTo: "am-regional"),
        post(
            "p2", "agree-eu", "regional", .proposal,
            "the European Union stands to benefit from a peace agreement and the reopening of regional communications, and that Brussels and Washington must remain actively engaged, not only by monitoring the process but by directly contributing to it."
        ),
        endorse("p3", "agree-eu"),
        post(
            "p4", "propose-euma", "regional", .proposal,
            "Article VII of the treaty addresses the presence of the EU Monitoring Mission (EUMA); its role should be revised between Armenia and the EU."
        ),
        post(
            "p3", "recommend-coordination", "regional", .recommendation,
            "The volatile international environment demands tighter regional coordination within the South Caucasus, starting with informal working groups within organizations where the countries are joint members, and interagency communication lines, including between defense ministries."
        ),
        endorse("p2", "recommend-coordination"),
    ]

    static let trust: [Step] = [
        post(
            "p5", "am-education", "trust", .position,
            "for decades, education entrenched hostile narratives: textbooks portrayed the other side as the enemy, and generations grew up without contact."
        ),
        post(
            "p9", "az-education", "trust", .position,
            "the media has often amplified nationalist narratives, and responsible journalism should support reconciliation through fact-based reporting and the rejection of hate speech."
        ),
        post(
            "p2", "recommend-education", "trust", .recommendation,
            "Peace education should include removing hate content, presenting balanced perspectives, and possibly establishing a joint historians' platform; Article X of the draft treaty explicitly encourages cultural and humanitarian cooperation."
        ),
        endorse("p3", "recommend-education"),
        post(
            "p3", "recommend-community", "trust", .recommendation,
            "Once borders open, direct people-to-people contact will be key:",
            options: [
                "artist exchanges and sports events;",
                "city partnerships and cross-border businesses;",
                "mutual preservation of each other's cultural heritage;",
                "shared projects, such as border marketplaces or environmental cooperation.",
            ]),
        endorse("p2", "recommend-community"),
        post(
            "p8", "propose-media", "trust", .proposal,
            "the media should draw on the experiences of Northern Ireland and Colombia, where community media played a crucial role in post-conflict transformation."
        ),
    ]
}
