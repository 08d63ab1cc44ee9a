package org.passerelle.helloasso.model;

import java.time.OffsetDateTime;

/** Creation and last-update dates HelloAsso attaches to most resources. */
public record Meta(OffsetDateTime createdAt, OffsetDateTime updatedAt) {
}
