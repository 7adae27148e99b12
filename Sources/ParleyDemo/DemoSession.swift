import ParleyCore

/// The demo session: the Thematic Group on Peace and Security of
/// `reference/peace-and-security-report.txt`, with its two delegations and a facilitator.
public enum DemoSession {
    public static let spec = SessionSpec(
        title: "Thematic Group on Peace and Security",
        series: "Thematic Groups for a new Armenian–Azerbaijani Dialogue",
        sides: [
            SideSpec(
                id: "am", name: "Armenia", adjective: "Armenian",
                aliases: ["армени", "армян", "Հայաստան", "հայկական", "Ermənistan", "erməni"]),
            SideSpec(
                id: "az", name: "Azerbaijan", adjective: "Azerbaijani",
                aliases: ["азербайджан", "Ադրբեջան", "ադրբեջանական", "Azərbaycan"]),
        ],
        agenda: [
            AgendaItemSpec(id: "perspectives", title: "Armenian and Azerbaijani perspectives"),
            AgendaItemSpec(id: "regional", title: "Regional and International Dimension"),
            AgendaItemSpec(id: "trust", title: "Peace education, trust-building and media"),
        ],
        report: ReportSpec(date: DemoReport.date, about: DemoReport.about),
        groundRules: GroundRules(version: 1, text: chathamHouse))

    /// The ground rules every participant accepts at the door (contract §6).
    public static let chathamHouse = """
        This meeting is held under the Chatham House Rule: you are free to use the information \
        you receive here, but neither the identity nor the affiliation of any speaker, nor that \
        of any other participant, may be revealed.

        Speak for yourself and your side, never for the other. Listen to the end; one speaker at \
        a time, as the co-chairs give the floor.

        Nothing is agreed until both co-chairs have endorsed it. What is said in your side's \
        caucus stays there.
        """

    /// Who takes part, in the order they are added: the facilitator, the co-chairs, then
    /// the members of each side as the report lists its authors.
    public static let cast: [(name: String, role: Role, side: SideID?)] = [
        ("Facilitator", .facilitator, nil),
        ("Leonid Nersisyan", .cochair, "am"),
        ("Murad Muradov", .cochair, "az"),
        ("Armine Margaryan", .member, "am"),
        ("Sergei Melkonian", .member, "am"),
        ("Varduhi Harutyunyan", .member, "am"),
        ("Eduard Baghdasarov", .member, "am"),
        ("Eldar Hamzali", .member, "az"),
        ("Gulkhanim Mammadova", .member, "az"),
        ("Huseyn Sultanli", .member, "az"),
        ("Alihuseyn Guluzade", .member, "az"),
    ]
}
