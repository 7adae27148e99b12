import ParleyCore
import ParleyTestKit
import Testing

/// Leads are never doubled, and no side's words read as the other side's or as both sides'.
@Suite("Report leads")
struct ReportLeadsTests {
    static let armenia = ReportLeads(
        side: SideSpec(id: "am", name: "Armenia", adjective: "Armenian", aliases: ["армени", "армян", "Հայաստան"]))
    static let azerbaijan = ReportLeads(
        side: SideSpec(id: "az", name: "Azerbaijan", adjective: "Azerbaijani", aliases: ["азербайджан", "Azərbaycan"]))

    @Test(
        "positions",
        arguments: [
            // A continuation follows the lead; a common opening word is lowered.
            ("the treaty must be signed first.", "From Armenia's perspective, the treaty must be signed first."),
            ("The treaty must be signed first.", "From Armenia's perspective, the treaty must be signed first."),
            ("This demand is not justified.", "From Armenia's perspective, this demand is not justified."),
            // A text that names its own side is left as written.
            (
                "The Armenian side considers the demand unjustified.",
                "The Armenian side considers the demand unjustified."
            ),
            (
                "From Armenia's perspective, the demand is not justified.",
                "From Armenia's perspective, the demand is not justified."
            ),
            ("In Armenia's view the treaty comes first.", "In Armenia's view the treaty comes first."),
            ("Armenia expects concrete steps.", "Armenia expects concrete steps."),
            ("Armenian experts see it otherwise.", "Armenian experts see it otherwise."),
            ("the Armenian side considers it unjustified.", "the Armenian side considers it unjustified."),
            // Words any side could use are rephrased, never left to read as both sides' words.
            (
                "Both sides agree that the corridor is ours.",
                "From Armenia's perspective, both sides agree that the corridor is ours."
            ),
            ("We consider the demand unjustified.", "From Armenia's perspective, we consider the demand unjustified."),
            ("Our position is clear.", "From Armenia's perspective, our position is clear."),
            ("Neither side disputes it.", "From Armenia's perspective, neither side disputes it."),
            (
                "According to Azerbaijan, the demand is just.",
                "From Armenia's perspective, according to Azerbaijan, the demand is just."
            ),
            // The other side's name is no lead for this side.
            (
                "Azerbaijan's demand is not justified.",
                "From Armenia's perspective: Azerbaijan's demand is not justified."
            ),
            ("The Azerbaijani side agrees.", "From Armenia's perspective, the Azerbaijani side agrees."),
            ("the Armenian government acted.", "From Armenia's perspective, the Armenian government acted."),
            // Russian: the side's own stems are leads; anything else is attributed after a colon.
            (
                "Армянская сторона считает требование необоснованным.",
                "Армянская сторона считает требование необоснованным."
            ),
            ("С точки зрения Армении, договор важнее.", "С точки зрения Армении, договор важнее."),
            ("По мнению армянской стороны, договор важнее.", "По мнению армянской стороны, договор важнее."),
            ("Армения ожидает конкретных шагов.", "Армения ожидает конкретных шагов."),
            (
                "С точки зрения Азербайджана, договор важнее.",
                "From Armenia's perspective: С точки зрения Азербайджана, договор важнее."
            ),
            ("Азербайджанская сторона согласна.", "From Armenia's perspective: Азербайджанская сторона согласна."),
            ("Обе стороны согласны.", "From Armenia's perspective: Обе стороны согласны."),
            ("Мы считаем, что договор важнее.", "From Armenia's perspective: Мы считаем, что договор важнее."),
            ("Договор должен быть подписан.", "From Armenia's perspective: Договор должен быть подписан."),
            // Armenian script, with and without the side's own name.
            ("Հայաստանը ակնկալում է քայլեր։", "Հայաստանը ակնկալում է քայլեր։"),
            ("Պայմանագիրը պետք է ստորագրվի։", "From Armenia's perspective: Պայմանագիրը պետք է ստորագրվի։"),
        ])
    func positions(text: String, expected: String) {
        #expect(Self.armenia.position(text) == expected)
    }

    @Test(
        "comments",
        arguments: [
            ("agrees that trust is fragile.", "The Azerbaijani side agrees that trust is fragile."),
            ("The trust remains fragile.", "The Azerbaijani side notes that the trust remains fragile."),
            (
                "The Azerbaijani side agrees that trust is fragile.",
                "The Azerbaijani side agrees that trust is fragile."
            ),
            ("From Azerbaijan's perspective, trust is fragile.", "From Azerbaijan's perspective, trust is fragile."),
            ("Both sides know it.", "The Azerbaijani side notes that both sides know it."),
            ("Baku sees it otherwise.", "The Azerbaijani side notes: Baku sees it otherwise."),
            ("Азербайджанская сторона не согласна.", "Азербайджанская сторона не согласна."),
            ("Армянская сторона не права.", "The Azerbaijani side notes: Армянская сторона не права."),
        ])
    func comments(text: String, expected: String) {
        #expect(Self.azerbaijan.comment(text) == expected)
    }

    @Test(
        "agreements",
        arguments: [
            ("the meeting brought cautious optimism.", "Both sides agree that the meeting brought cautious optimism."),
            ("Both governments should open the border.", "Both governments should open the border."),
            ("Both sides agree that the border opens.", "Both sides agree that the border opens."),
            ("The two sides will meet monthly.", "The two sides will meet monthly."),
            ("We will meet monthly.", "We will meet monthly."),
            ("The border should open.", "Both sides agree that the border should open."),
            ("Washington brought optimism.", "Both sides agree: Washington brought optimism."),
            ("Обе стороны согласны открыть границу.", "Обе стороны согласны открыть границу."),
            // Written in lower case to follow the lead: an opener is no lead, a phrase is.
            ("both delegations meet monthly", "Both sides agree that both delegations meet monthly"),
            ("both sides agree that the border opens", "both sides agree that the border opens"),
        ])
    func agreements(text: String, expected: String) {
        #expect(ReportLeads.agreement(text) == expected)
    }
}
