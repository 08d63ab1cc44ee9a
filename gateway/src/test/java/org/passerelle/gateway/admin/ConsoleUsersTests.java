package org.passerelle.gateway.admin;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.passerelle.gateway.api.ApiKeys;
import org.passerelle.gateway.support.ApiClient;
import org.passerelle.gateway.support.Browser;
import org.passerelle.gateway.support.GatewayTestSupport;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The console's "Users" page over real HTTP (issue 18): a super-admin creates a user of one association, who then
 * sees that association's orders only; a change of their role, a deletion or a disabling applies at their very next
 * request, in the session they already have; nobody but a super-admin reaches the page; a super-admin cannot take
 * their own status away (the last super-admin's guard: {@link ConsoleUsersSuperAdminTests}).
 */
class ConsoleUsersTests extends GatewayTestSupport {

    private static final String PASSWORD = "a long console passphrase";

    @Autowired
    ApiKeys apiKeys;

    private String name;

    @BeforeEach
    void anotherAssociation() {
        linkOtherOrganization();
        name = "benevole-" + (System.nanoTime() % 1_000_000);
    }

    /** The accounts made here go: other classes of this context share the database. */
    @AfterEach
    void deleteTheAccountsMadeHere() {
        jdbc.sql("DELETE FROM admin_account_organizations WHERE username LIKE 'benevole-%'").update();
        jdbc.sql("DELETE FROM admin_accounts WHERE LOWER(username) LIKE 'benevole-%'").update();
    }

    private Browser.Page create(Browser superAdmin, String username, String organization, String role) {
        superAdmin.get("/admin/users");
        return superAdmin.post("/admin/users", Browser.form("username", username, "password", PASSWORD,
                "confirmation", PASSWORD, "organization", organization, "role", role));
    }

    /** Creates the user and reads the page it leads to (which shows, and so uses up, the "created" message). */
    private String created(Browser superAdmin, String username, String organization, String role) {
        Browser.Page created = create(superAdmin, username, organization, role);
        assertThat(created.status()).as(created.body()).isEqualTo(303);
        return superAdmin.follow(created).body();
    }

    /** An order of the linked association, made with one of its API keys. */
    private String orderOfTheLinkedAssociation() {
        ApiKeys.CreatedKey key = apiKeys.create("users " + name, OTHER_ORGANIZATION, "test");
        Map<String, Object> order = ApiClient.order("users-" + name, 2500);
        order.put("payer", Map.of("firstName", "Marie", "lastName", "Curie", "email",
                "users.theirs-" + name + "@example.org"));
        ApiClient.Response created = new ApiClient(port, key.secret()).post("/api/v1/orders", order);
        assertThat(created.status()).as(created.raw().body()).isEqualTo(201);
        return created.body().get("id").asString();
    }

    /** A change only an ADMIN of the linked association may make: an API key of it. */
    private static Browser.Page actForTheLinkedAssociation(Browser console) {
        return console.post("/admin/api-keys", Browser.form("name", "made by a user", "organization",
                OTHER_ORGANIZATION));
    }

    @Test
    void aSuperAdminCreatesAnAdminOfOneAssociationWhoSeesItsOrdersOnlyAndWhoseChangesApplyAtTheNextRequest() {
        String ours = placeOrder(browser(), "atelier-initiation", "email", "users.ours@example.org").orderId();
        String theirs = orderOfTheLinkedAssociation();
        Browser superAdmin = admin(ADMIN, ADMIN_PASSWORD);
        assertThat(superAdmin.get("/admin").body()).contains("href=\"/admin/users\"");

        String page = created(superAdmin, name, OTHER_ORGANIZATION, "ADMIN");
        assertThat(page).contains("Utilisateur " + name + " créé.").contains("data-user=\"" + name + "\"")
                .contains("data-organization=\"" + OTHER_ORGANIZATION + "\">ADMIN de ").doesNotContain(PASSWORD);
        // the configuration's users are listed, read only
        assertThat(page).contains("data-user=\"" + ASSOCIATION_ADMIN + "\"")
                .doesNotContain("/admin/users/" + ASSOCIATION_ADMIN + "/");

        Browser user = admin(name, PASSWORD);
        assertThat(user.get("/admin/orders/" + theirs).status()).isEqualTo(200);
        assertThat(user.get("/admin/orders/" + ours).status()).isEqualTo(404);
        assertThat(user.get("/admin/orders?q=users").body()).contains(theirs).doesNotContain(ours);
        assertThat(user.get("/admin").body()).doesNotContain("href=\"/admin/users\"");
        assertThat(actForTheLinkedAssociation(user).status()).isEqualTo(303);

        // VIEWER now: the same session reads, but its next change is refused
        Browser.Page viewer = superAdmin.post("/admin/users/" + name + "/roles",
                Browser.form("organization", OTHER_ORGANIZATION, "role", "VIEWER"));
        assertThat(viewer.status()).isEqualTo(303);
        assertThat(superAdmin.follow(viewer).body()).contains("data-organization=\"" + OTHER_ORGANIZATION + "\">LECTEUR de ");
        assertThat(actForTheLinkedAssociation(user).status()).isEqualTo(403);
        assertThat(user.get("/admin/orders/" + theirs).status()).isEqualTo(200);
        assertThat(user.get("/admin/orders/" + theirs).body()).contains("lecture seule");

        // of the configured association too, as ADMIN: its orders appear at once
        superAdmin.follow(superAdmin.post("/admin/users/" + name + "/roles",
                Browser.form("organization", emulator().organizationSlug(), "role", "ADMIN")));
        assertThat(user.get("/admin/orders/" + ours).status()).isEqualTo(200);

        // deleted: logged out at the next request, and no way back in
        Browser.Page deleted = superAdmin.post("/admin/users/" + name + "/delete", Map.of());
        assertThat(superAdmin.follow(deleted).body()).contains(name + " est supprimé");
        Browser.Page lockedOut = user.get("/admin/orders/" + theirs);
        assertThat(lockedOut.status()).isEqualTo(302);
        assertThat(lockedOut.location()).endsWith("/admin/login");
        assertThat(actForTheLinkedAssociation(user).status()).isIn(302, 403);
        Browser again = browser();
        again.get("/admin/login");
        assertThat(again.post("/admin/login", Browser.form("username", name, "password", PASSWORD)).location())
                .contains("error");

        // audited with the actor, the password nowhere
        List<Map<String, Object>> audited = jdbc.sql("SELECT action, actor, message FROM audit_events"
                        + " WHERE action LIKE 'console_user.%' AND message LIKE :name ORDER BY id")
                .param("name", "%" + name + "%").query().listOfRows();
        assertThat(audited).extracting(row -> row.get("action")).containsExactly("console_user.created",
                "console_user.role_changed", "console_user.role_changed", "console_user.deleted");
        assertThat(audited).allSatisfy(row -> {
            assertThat(row.get("actor")).isEqualTo(ADMIN);
            assertThat(row.get("message").toString()).doesNotContain(PASSWORD);
        });
    }

    @Test
    void aDisabledUserIsLoggedOutAtTheNextRequestAndMayNotLogInUntilEnabledAgain() {
        Browser superAdmin = admin(ADMIN, ADMIN_PASSWORD);
        created(superAdmin, name, OTHER_ORGANIZATION, "VIEWER");
        Browser user = admin(name, PASSWORD);
        assertThat(user.get("/admin/orders").status()).isEqualTo(200);

        Browser.Page disabled = superAdmin.post("/admin/users/" + name + "/disable", Map.of());
        assertThat(superAdmin.follow(disabled).body()).contains(name + " est désactivé");
        assertThat(user.get("/admin/orders").status()).isEqualTo(302);
        Browser again = browser();
        again.get("/admin/login");
        assertThat(again.post("/admin/login", Browser.form("username", name, "password", PASSWORD)).location())
                .contains("error");

        superAdmin.follow(superAdmin.post("/admin/users/" + name + "/enable", Map.of()));
        assertThat(admin(name, PASSWORD).get("/admin/orders").status()).isEqualTo(200);
    }

    @Test
    void noOneButASuperAdminReachesThePageOrItsActions() {
        Browser superAdmin = admin(ADMIN, ADMIN_PASSWORD);
        created(superAdmin, name, OTHER_ORGANIZATION, "ADMIN");
        for (Browser console : List.of(admin(ASSOCIATION_ADMIN, ASSOCIATION_ADMIN_PASSWORD),
                admin(VIEWER, VIEWER_PASSWORD), admin(name, PASSWORD))) {
            assertThat(console.get("/admin/users").status()).isEqualTo(403);
            assertThat(console.get("/admin").body()).doesNotContain("href=\"/admin/users\"");
            assertThat(console.post("/admin/users", Browser.form("username", "intruder", "password", PASSWORD,
                    "confirmation", PASSWORD, "organization", OTHER_ORGANIZATION, "role", "ADMIN")).status())
                    .isEqualTo(403);
            assertThat(console.post("/admin/users/" + name + "/super-admin", Browser.form("superAdmin", "true"))
                    .status()).isEqualTo(403);
            assertThat(console.post("/admin/users/" + name + "/delete", Map.of()).status()).isEqualTo(403);
        }
        assertThat(jdbc.sql("SELECT COUNT(*) FROM admin_accounts WHERE username = 'intruder'").query(Integer.class)
                .single()).isZero();
        assertThat(jdbc.sql("SELECT super_admin FROM admin_accounts WHERE username = :name").param("name", name)
                .query(Boolean.class).single()).isFalse();
    }

    @Test
    void mistakesInTheFormAreShownOnItAndCreateNothing() {
        Browser superAdmin = admin(ADMIN, ADMIN_PASSWORD);
        Browser.Page empty = superAdmin.post("/admin/users", Browser.form("username", "", "password", "",
                "confirmation", "", "organization", "", "role", "ADMIN"));
        assertThat(empty.status()).isEqualTo(400);
        assertThat(empty.body()).contains("Un identifiant de 1 à 100 caractères")
                .contains("Le mot de passe doit faire");
        assertThat(create(superAdmin, ADMIN.toUpperCase(), OTHER_ORGANIZATION, "ADMIN").body())
                .as("the configuration's super-admin, whatever the case").contains("Cet identifiant est déjà utilisé");
        Browser.Page unknown = create(superAdmin, name, "no-such-association", "ADMIN");
        assertThat(unknown.status()).isEqualTo(400);
        assertThat(unknown.body()).contains("Choisissez une association de cette Passerelle")
                .contains("value=\"" + name + "\"").doesNotContain(PASSWORD);
        assertThat(create(superAdmin, name, OTHER_ORGANIZATION, "OWNER").body()).contains("Choisissez ADMIN ou LECTEUR");
        assertThat(create(superAdmin, "..", OTHER_ORGANIZATION, "ADMIN").status()).isEqualTo(400);
        assertThat(jdbc.sql("SELECT COUNT(*) FROM admin_accounts WHERE username IN (:names)")
                .param("names", List.of(name, "..", ADMIN.toUpperCase())).query(Integer.class).single()).isZero();

        assertThat(created(superAdmin, name, "", "ADMIN")).as("of no association yet")
                .contains("aucune association pour l’instant");
        Browser.Page twice = create(superAdmin, name.toUpperCase(), "", "ADMIN");
        assertThat(twice.status()).isEqualTo(400);
        assertThat(twice.body()).contains("Cet identifiant est déjà utilisé");
        // a role for an association this Passerelle does not know: refused, nothing written
        Browser.Page badRole = superAdmin.post("/admin/users/" + name + "/roles",
                Browser.form("organization", "no-such-association", "role", "ADMIN"));
        assertThat(superAdmin.follow(badRole).body()).contains("Rien n’a changé");
        assertThat(jdbc.sql("SELECT COUNT(*) FROM admin_account_organizations WHERE username = :name")
                .param("name", name).query(Integer.class).single()).isZero();
        assertThat(superAdmin.post("/admin/users/no-such-user/delete", Map.of()).status()).isEqualTo(404);
        assertThat(superAdmin.post("/admin/users/" + ASSOCIATION_ADMIN + "/delete", Map.of()).status())
                .as("the configuration's users are changed in the configuration").isEqualTo(404);
    }

    @Test
    void aSuperAdminCannotTakeTheirOwnStatusAwayButAnotherCan() {
        Browser superAdmin = admin(ADMIN, ADMIN_PASSWORD);
        created(superAdmin, name, "", "ADMIN");
        superAdmin.follow(superAdmin.post("/admin/users/" + name + "/super-admin", Browser.form("superAdmin", "true")));
        Browser stored = admin(name, PASSWORD);
        assertThat(stored.get("/admin/users").status()).isEqualTo(200);
        assertThat(stored.get("/admin/organizations").status()).as("the installation's pages").isEqualTo(200);

        for (String action : List.of("super-admin", "disable", "delete")) {
            Browser.Page refused = stored.post("/admin/users/" + name + "/" + action, Browser.form("superAdmin", "false"));
            assertThat(refused.status()).isEqualTo(303);
            assertThat(stored.follow(refused).body()).contains("Vous ne pouvez ni retirer votre propre statut");
        }
        assertThat(stored.get("/admin/users").status()).as("still a super-admin").isEqualTo(200);

        Browser.Page unmade = superAdmin.post("/admin/users/" + name + "/super-admin", Browser.form("superAdmin", "false"));
        assertThat(superAdmin.follow(unmade).body()).contains(name + " n’est plus super-administrateur");
        assertThat(stored.get("/admin/users").status()).as("at the next request").isEqualTo(403);
        assertThat(stored.get("/admin/organizations").status()).isEqualTo(403);
    }
}
