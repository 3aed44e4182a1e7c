import ArgumentParser

@main
struct Youyue: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "youyue",
        abstract: "有约 Youyue: run and administer the suite.",
        subcommands: [Up.self, Status.self, Seed.self, Demo.self, Token.self, Keys.self, Outbox.self, Audit.self, Backup.self, Restore.self, Users.self, Clients.self])
}
