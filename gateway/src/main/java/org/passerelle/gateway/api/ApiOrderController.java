package org.passerelle.gateway.api;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.validation.Validator;
import java.net.URI;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.NoSuchElementException;
import org.passerelle.gateway.api.ApiProblemException.FieldProblem;
import org.passerelle.gateway.config.HelloAssoSettings;
import org.passerelle.gateway.order.NewOrder;
import org.passerelle.gateway.order.Order;
import org.passerelle.gateway.order.OrderRepository;
import org.passerelle.gateway.order.OrderService;
import org.passerelle.gateway.order.OrderStatus;
import org.passerelle.gateway.representation.ApiOrder;
import org.passerelle.gateway.representation.ApiOrders;
import org.passerelle.gateway.representation.OrderLinks;
import org.passerelle.gateway.web.ClientIp;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.json.JsonMapper;

/** Orders for host applications: create, read, list, cancel. A key sees only its own orders (others are 404). */
@RestController
@ApiEndpoint
@RequestMapping(path = "/api/v1/orders", produces = MediaType.APPLICATION_JSON_VALUE)
public class ApiOrderController {

    /**
     * A page of orders, newest first, by page number (deprecated). Like the console's listings it counts at most
     * {@link #COUNTED} matches and serves pages within them, so that no call reads a key's whole history:
     * {@code totalItemsCapped} says there are more than {@code totalItems}, which cursor pages or filters reach.
     */
    public record Page(List<ApiOrder> items, int page, int size, long totalItems, long totalPages,
            boolean totalItemsCapped) {
    }

    /**
     * A page of orders after a cursor, newest first: {@code next} (the last item's id, null at the end) is the
     * {@code after} of the next page. No count: each page reads its own rows only, however many orders there are.
     */
    public record CursorPage(List<ApiOrder> items, int limit, boolean hasMore, String next) {
    }

    /** Matches a page-numbered listing counts and pages through, as the console's listings (AdminQueries). */
    static final int COUNTED = 10_000;

    private final OrderService orderService;
    private final OrderRepository orders;
    private final ApiOrders representation;
    private final OrderLinks links;
    private final Idempotency idempotency;
    private final HelloAssoSettings helloAsso;
    private final JsonMapper json;
    private final int maxPageSize;
    private final Validator validator;

    public ApiOrderController(OrderService orderService, OrderRepository orders, ApiOrders representation,
            OrderLinks links, Idempotency idempotency, HelloAssoSettings helloAsso, JsonMapper json,
            ApiProperties properties, Validator validator) {
        this.validator = validator;
        this.orderService = orderService;
        this.orders = orders;
        this.representation = representation;
        this.links = links;
        this.idempotency = idempotency;
        this.helloAsso = helloAsso;
        this.json = json;
        this.maxPageSize = properties.maxPageSize();
    }

    @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
    public ResponseEntity<?> create(@RequestBody CreateOrderRequest body,
            @RequestHeader(name = Idempotency.HEADER, required = false) String idempotencyKey,
            HttpServletRequest request) {
        if (body == null) {
            throw new ApiProblemException(HttpStatus.BAD_REQUEST, "unreadable");
        }
        ApiKeys.ApiKey key = ApiAuthentication.current(request);
        String metadata = body.metadata() == null || body.metadata().isNull() ? null : json.writeValueAsString(body.metadata());
        List<FieldProblem> problems = body.problems(validator, metadata == null ? 0 : metadata.length());
        if (!problems.isEmpty()) {
            throw new ApiProblemException(HttpStatus.BAD_REQUEST, "validation", problems, problems.size());
        }
        RequestFingerprint fingerprint = RequestFingerprint.of(json, "", body, List.of("itemName", "amount",
                "payer", "reference", "metadata", "returnUrl", "instalments", "donation"));
        return idempotency.run(key.id(), idempotencyKey, fingerprint, () -> {
            Order order = create(body, metadata, key, ClientIp.of(request));
            return ResponseEntity.created(URI.create("/api/v1/orders/" + order.id())).body(representation.of(order));
        });
    }

    private Order create(CreateOrderRequest body, String metadata, ApiKeys.ApiKey key, String clientIp) {
        CreateOrderRequest.Payer p = body.payer();
        Order.Payer payer = p == null ? Order.Payer.none()
                : new Order.Payer(p.firstName(), p.lastName(), p.email(), p.country(), p.birthDate());
        NewOrder order = new NewOrder(null, body.itemName().strip(), body.amount(), body.isDonation(), payer,
                body.reference(), metadata, key.organization() == null ? helloAsso.organization() : key.organization(),
                key.id(), body.returnUrl(), body.isAutoReturn(),
                body.terms());
        try {
            return orderService.create(order, clientIp, links::token, body.checkedAnswers()).order();
        } catch (DuplicateKeyException taken) {
            String existing = orders.findByReference(key.id(), body.reference()).map(Order::id).orElse("?");
            throw new ApiProblemException(HttpStatus.CONFLICT, "reference_taken", body.reference(), existing);
        }
    }

    @GetMapping("/{id}")
    public ApiOrder get(@PathVariable String id, HttpServletRequest request) {
        return representation.of(own(id, request));
    }

    @GetMapping
    public Object list(@RequestParam(required = false) String reference, @RequestParam(required = false) String status,
            @RequestParam(required = false) String from, @RequestParam(required = false) String to,
            @RequestParam(required = false) Integer page, @RequestParam(required = false) Integer size,
            @RequestParam(required = false) Integer limit, @RequestParam(required = false) String after,
            HttpServletRequest request) {
        List<FieldProblem> problems = new ArrayList<>();
        OrderStatus wanted = null;
        if (status != null && !status.isBlank()) {
            try {
                wanted = OrderStatus.valueOf(status.strip().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                problems.add(new FieldProblem("status", "status"));
            }
        }
        OffsetDateTime since = instant("from", from, false, problems);
        OffsetDateTime until = instant("to", to, true, problems);
        boolean byCursor = limit != null || after != null;
        if (byCursor) {
            // one way of paging per request: a cursor page has no page number and no count
            if (page != null) {
                problems.add(new FieldProblem("page", "notWithCursor"));
            }
            if (size != null) {
                problems.add(new FieldProblem("size", "notWithCursor"));
            }
        }
        int pageSize = byCursor ? (limit == null ? 20 : limit) : (size == null ? 20 : size);
        if (pageSize < 1 || pageSize > maxPageSize) {
            problems.add(new FieldProblem(byCursor ? "limit" : "size", "range", 1, maxPageSize));
        } else if (page != null && (page < 0 || page > lastPage(pageSize))) {
            // deeper pages would read (and skip) ever more of the key's orders: cursor pages go on from there
            problems.add(new FieldProblem("page", "pageDepth", lastPage(pageSize), pageSize));
        }
        ApiKeys.ApiKey key = ApiAuthentication.current(request);
        String keyId = key.id();
        Order cursor = null;
        if (after != null) {
            // the cursor is an order of this key (whatever the filters): it marks a place in the newest-first order
            cursor = !after.strip().matches("[A-Za-z0-9-]{1,36}") ? null
                    : orders.find(after.strip()).filter(key::owns).orElse(null);
            if (cursor == null) {
                problems.add(new FieldProblem("after", "cursor"));
            }
        }
        if (!problems.isEmpty()) {
            throw new ApiProblemException(HttpStatus.BAD_REQUEST, "validation", problems, problems.size());
        }
        OrderRepository.Search search = new OrderRepository.Search(keyId,
                reference == null || reference.isBlank() ? null : reference, wanted, since, until);
        if (byCursor) {
            List<Order> found = orders.searchAfter(search, cursor, pageSize + 1);
            boolean more = found.size() > pageSize;
            List<ApiOrder> items = found.stream().limit(pageSize).map(representation::of).toList();
            return new CursorPage(items, pageSize, more, more ? items.get(items.size() - 1).id() : null);
        }
        return legacyPage(search, page == null ? 0 : page, pageSize);
    }

    private Page legacyPage(OrderRepository.Search search, int page, int size) {
        long counted = orders.count(search, COUNTED + 1);
        long total = Math.min(counted, COUNTED);
        List<ApiOrder> items = orders.search(search, page * size, size).stream().map(representation::of).toList();
        return new Page(items, page, size, total, (total + size - 1) / size, counted > COUNTED);
    }

    /** The last page number whose orders are all among the counted matches. */
    private static int lastPage(int size) {
        return COUNTED / size - 1;
    }

    @PostMapping("/{id}/cancel")
    public ApiOrder cancel(@PathVariable String id, HttpServletRequest request) {
        Order order = own(id, request);
        try {
            orderService.cancel(order.id(), "API key " + ApiAuthentication.current(request).prefix());
        } catch (OrderService.NotCancellableException e) {
            throw new ApiProblemException(HttpStatus.CONFLICT, "not_cancellable", e.status().name());
        } catch (NoSuchElementException e) {
            throw notFound(id);
        }
        return representation.of(orders.find(order.id()).orElseThrow());
    }

    private Order own(String id, HttpServletRequest request) {
        return orders.find(id).filter(ApiAuthentication.current(request)::owns).orElseThrow(() -> notFound(id));
    }

    private static ApiProblemException notFound(String id) {
        return new ApiProblemException(HttpStatus.NOT_FOUND, "not_found", id);
    }

    /** An ISO date-time, or a date (from its start; {@code to} includes the whole day). */
    private static OffsetDateTime instant(String field, String value, boolean endOfDay, List<FieldProblem> problems) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return OffsetDateTime.parse(value.strip());
        } catch (DateTimeParseException notDateTime) {
            try {
                LocalDate day = LocalDate.parse(value.strip());
                return (endOfDay ? day.plusDays(1) : day).atStartOfDay().atOffset(ZoneOffset.UTC);
            } catch (DateTimeParseException notDate) {
                problems.add(new FieldProblem(field, "dateTime"));
                return null;
            }
        }
    }
}
