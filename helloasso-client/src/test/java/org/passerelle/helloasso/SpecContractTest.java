package org.passerelle.helloasso;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertAll;

import java.io.IOException;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.lang.reflect.TypeVariable;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.passerelle.helloasso.model.*;
import tools.jackson.databind.JsonNode;

/**
 * Checks the client against HelloAsso's OpenAPI spec ({@code ../shared/helloasso/helloasso.json} beside the project):
 * every operation in {@link Operation} with its method, path and parameter names; every record the client reads or
 * writes against its schema's properties and types; every enum's wire values. Skipped, visibly, without the spec.
 */
class SpecContractTest {
    private static final String MODELS = "HelloAsso.Api.V5.Common.Models.";

    /** Each record the client sends or parses, and the schemas it stands for (a single resource and a list element). */
    private static final Map<Class<?>, List<String>> RECORD_SCHEMAS = new LinkedHashMap<>();
    /** Each enum and its schema. */
    private static final Map<Class<? extends Enum<?>>, String> ENUM_SCHEMAS = new LinkedHashMap<>();

    static {
        RECORD_SCHEMAS.put(CheckoutIntentRequest.class, List.of("Carts.InitCheckoutBody"));
        RECORD_SCHEMAS.put(CheckoutTerm.class, List.of("Carts.CheckoutTerm"));
        RECORD_SCHEMAS.put(CheckoutPayer.class, List.of("Carts.CheckoutPayer"));
        RECORD_SCHEMAS.put(CheckoutIntentCreated.class, List.of("Carts.InitCheckoutResponse"));
        RECORD_SCHEMAS.put(CheckoutIntent.class, List.of("Carts.CheckoutIntentResponse"));
        RECORD_SCHEMAS.put(Order.class, List.of("Statistics.OrderDetail", "Statistics.Order"));
        RECORD_SCHEMAS.put(OrderItem.class, List.of("Statistics.OrderItem"));
        RECORD_SCHEMAS.put(OrderAmount.class, List.of("Statistics.OrderAmountModel"));
        RECORD_SCHEMAS.put(OrderLight.class, List.of("Statistics.OrderLight"));
        RECORD_SCHEMAS.put(Payment.class, List.of("Statistics.PaymentDetail", "Statistics.Payment"));
        RECORD_SCHEMAS.put(PaymentItem.class, List.of("Statistics.PaymentItem"));
        RECORD_SCHEMAS.put(Payer.class, List.of("Statistics.Payer"));
        RECORD_SCHEMAS.put(Meta.class, List.of("Common.MetaModel"));
        RECORD_SCHEMAS.put(RefundOperation.class, List.of("Statistics.RefundOperationLightModel"));
        RECORD_SCHEMAS.put(RefundResult.class, List.of("Payment.RefundOperationModel"));
        RECORD_SCHEMAS.put(NotificationUrl.class, List.of("ApiNotifications.ApiUrlNotificationModel"));
        RECORD_SCHEMAS.put(NotificationUrls.Body.class, List.of("ApiNotifications.PostApiUrlNotificationBody"));
        RECORD_SCHEMAS.put(NotificationUrls.Partner.class, List.of("Partners.PartnerPublicModel"));
        RECORD_SCHEMAS.put(Organization.class, List.of("Organizations.OrganizationPublicModel",
                "Directory.DirectoryOrganizationPublicModel"));
        RECORD_SCHEMAS.put(LinkedOrganization.class, List.of("Directory.PartnerOrganizationModel"));
        RECORD_SCHEMAS.put(Partner.ApiClientDomain.class, List.of("Accounts.Clients.PublicPutApiClientRequest"));
        RECORD_SCHEMAS.put(Pagination.class, List.of("Common.PaginationModel"));
        RECORD_SCHEMAS.put(Types.PageBody.class,
                List.of("Common.ResultsWithPaginationModel_Order", "Common.ResultsWithPaginationModel_Payment"));

        ENUM_SCHEMAS.put(PaymentState.class, "Enums.PaymentState");
        ENUM_SCHEMAS.put(PaymentMeans.class, "Enums.PaymentMeans");
        ENUM_SCHEMAS.put(PaymentType.class, "Enums.PaymentType");
        ENUM_SCHEMAS.put(PaymentCashOutState.class, "Enums.PaymentCashOutState");
        ENUM_SCHEMAS.put(ItemState.class, "Enums.ItemState");
        ENUM_SCHEMAS.put(OperationState.class, "Enums.OperationState");
        ENUM_SCHEMAS.put(TierType.class, "Enums.TierType");
        ENUM_SCHEMAS.put(FormType.class, "Enums.FormType");
        ENUM_SCHEMAS.put(PriceCategory.class, "Enums.PriceCategory");
        ENUM_SCHEMAS.put(SortOrder.class, "Enums.SortOrder");
        ENUM_SCHEMAS.put(SortField.class, "Enums.SortField");
        ENUM_SCHEMAS.put(NotificationType.class, "ApiNotifications.ApiNotificationType");
    }

    private static JsonNode spec;

    @BeforeAll
    static void loadSpec() throws IOException {
        Path file = projectRoot().resolve("../shared/helloasso/helloasso.json").normalize();
        if (!Files.isRegularFile(file)) {
            String message = "SKIPPED: HelloAsso's OpenAPI spec not found at " + file + "; the contract check did not run";
            System.err.println(message); // surefire shows only a skip count, so say why where people look
            Assumptions.abort(message);
        }
        spec = HelloAssoJson.mapper().readTree(file.toFile());
    }

    /** The directory holding mvnw, found by walking up from where the tests run. */
    private static Path projectRoot() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve("mvnw"))) {
                return dir;
            }
        }
        throw new IllegalStateException("no mvnw above " + Path.of("").toAbsolutePath());
    }

    @Test
    void everyOperationExistsWithTheSameMethodPathAndParameters() {
        List<Executable> checks = new ArrayList<>();
        for (Operation operation : Operation.values()) {
            if (operation == Operation.TOKEN) {
                checks.add(() -> assertThat(URI.create(spec.at("/components/securitySchemes/OAuth2/flows/clientCredentials/tokenUrl")
                        .asString()).getPath()).as("token URL").isEqualTo(operation.pathTemplate()));
                continue;
            }
            checks.add(() -> {
                JsonNode specOperation = spec.path("paths").path(operation.pathTemplate())
                        .path(operation.method().toLowerCase());
                assertThat(specOperation.isObject()).as("%s %s %s in the spec", operation,
                        operation.method(), operation.pathTemplate()).isTrue();
                assertThat(operation.pathParameters()).as("%s path parameters", operation)
                        .containsExactlyInAnyOrderElementsOf(parameters(specOperation, "path"));
                assertThat(parameters(specOperation, "query")).as("%s query parameters", operation)
                        .containsAll(operation.queryParameters());
            });
        }
        assertAll(checks.stream());
    }

    @Test
    void listAndRefundParametersAreQueryParametersOfTheirOperation() {
        assertAll(
                () -> assertThat(Operation.ORDERS_LIST.queryParameters()).containsAll(componentNames(OrderListParams.class)),
                () -> assertThat(Operation.PAYMENTS_LIST.queryParameters()).containsAll(componentNames(PaymentListParams.class)),
                () -> assertThat(Operation.PAYMENTS_REFUND.queryParameters()).containsAll(componentNames(RefundRequest.class)));
    }

    @Test
    void everyRecordComponentIsAPropertyOfItsSchemaWithACompatibleType() {
        List<Executable> checks = new ArrayList<>();
        RECORD_SCHEMAS.forEach((record, schemaNames) -> schemaNames.forEach(schemaName -> {
            JsonNode properties = schema(schemaName).path("properties");
            for (RecordComponent component : record.getRecordComponents()) {
                checks.add(() -> {
                    JsonNode property = properties.path(component.getName());
                    assertThat(property.isObject()).as("%s.%s is a property of %s", record.getSimpleName(),
                            component.getName(), schemaName).isTrue();
                    assertThat(compatible(component.getGenericType(), property))
                            .as("%s.%s (%s) matches %s", record.getSimpleName(), component.getName(),
                                    component.getGenericType().getTypeName(), property)
                            .isTrue();
                });
            }
        }));
        assertAll(checks.stream());
    }

    @Test
    void everyEnumHasExactlyTheSpecsWireValues() {
        assertAll(ENUM_SCHEMAS.entrySet().stream().map(entry -> () -> {
            List<String> wireValues = Arrays.stream(entry.getKey().getEnumConstants())
                    .map(SpecContractTest::wireValue)
                    .filter(Objects::nonNull) // UNRECOGNIZED: the client's own fallback, never sent
                    .toList();
            List<String> specValues = new ArrayList<>();
            schema(entry.getValue()).path("enum").forEach(value -> specValues.add(value.asString()));
            assertThat(wireValues).as(entry.getKey().getSimpleName()).containsExactlyElementsOf(specValues);
        }));
    }

    @Test
    void everyModelTypeIsCoveredByThisContract() throws Exception {
        Set<String> covered = new TreeSet<>();
        RECORD_SCHEMAS.keySet().forEach(type -> covered.add(type.getName()));
        ENUM_SCHEMAS.keySet().forEach(type -> covered.add(type.getName()));
        // Query parameter holders are checked against their operations above.
        Stream.of(OrderListParams.class, PaymentListParams.class, RefundRequest.class)
                .forEach(type -> covered.add(type.getName()));

        Set<String> models = new TreeSet<>();
        new com.tngtech.archunit.core.importer.ClassFileImporter()
                .importPackages("org.passerelle.helloasso.model").stream()
                .filter(type -> type.isRecord() || type.isEnum())
                .filter(type -> type.getPackageName().equals("org.passerelle.helloasso.model"))
                .forEach(type -> models.add(type.getName()));

        assertThat(covered).containsAll(models);
    }

    private static JsonNode schema(String name) {
        JsonNode schema = spec.path("components").path("schemas").path(MODELS + name);
        assertThat(schema.isObject()).as("schema %s exists", name).isTrue();
        return schema;
    }

    private static List<String> parameters(JsonNode operation, String in) {
        List<String> names = new ArrayList<>();
        operation.path("parameters").forEach(parameter -> {
            if (parameter.path("in").asString().equals(in)) {
                names.add(parameter.path("name").asString());
            }
        });
        return names;
    }

    private static List<String> componentNames(Class<?> record) {
        return Arrays.stream(record.getRecordComponents()).map(RecordComponent::getName).toList();
    }

    private static String wireValue(Enum<?> constant) {
        try {
            return (String) constant.getClass().getMethod("wireValue").invoke(constant);
        } catch (ReflectiveOperationException e) {
            throw new AssertionError(constant.getClass() + " has no wireValue()", e);
        }
    }

    /** Whether a Java type can carry the spec property's values. */
    private static boolean compatible(Type javaType, JsonNode property) {
        JsonNode ref = property.has("$ref") ? property : property.path("allOf").path(0);
        if (ref.has("$ref")) {
            String target = ref.path("$ref").asString().replace("#/components/schemas/" + MODELS, "");
            if (javaType instanceof TypeVariable<?>) {
                return true; // the page envelope's element: each element record is checked on its own
            }
            return javaType instanceof Class<?> type
                    && (target.equals(ENUM_SCHEMAS.get(type))
                    || RECORD_SCHEMAS.getOrDefault(type, List.of()).contains(target)
                    || target.equals("Statistics.OrderPayment") && type == Payment.class
                    || target.startsWith("Statistics.ShareItem") && type == PaymentItem.class);
        }
        String type = property.path("type").asString("");
        String format = property.path("format").asString("");
        Class<?> raw = javaType instanceof ParameterizedType parameterized
                ? (Class<?>) parameterized.getRawType() : (Class<?>) javaType;
        return switch (type) {
            case "integer" -> Set.of(int.class, Integer.class, long.class, Long.class).contains(raw);
            case "boolean" -> raw == boolean.class || raw == Boolean.class;
            case "string" -> format.equals("date-time")
                    ? raw == OffsetDateTime.class || raw == LocalDate.class
                    : raw == String.class;
            case "array" -> raw == List.class && javaType instanceof ParameterizedType parameterized
                    && compatible(parameterized.getActualTypeArguments()[0], property.path("items"));
            // Untyped properties (metadata, generic data) are free JSON objects.
            case "" -> raw == Map.class || raw == List.class || raw == Object.class;
            default -> false;
        };
    }
}
