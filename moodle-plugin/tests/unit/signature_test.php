<?php
// This file is part of paygw_passerelle's tests. SPDX-License-Identifier: GPL-3.0-or-later

use paygw_passerelle\local\signature;

/**
 * Webhook signatures as Passerelle makes them (the vector below was signed by Passerelle's own WebhookSigner), and
 * what is refused: another secret, a changed body, an old or future timestamp (a replay).
 */
class signature_test extends standin_testcase {

    const BODY = '{"type":"order.paid","timestamp":"2026-12-03T10:05:00Z","data":{"id":"order-1","status":"PAID","amount":4550}}';
    const ID = 'msg_order-1_order.paid';
    const SIGNED_AT = 1796000000;
    /** Computed by org.passerelle.gateway.webhook.WebhookSigner for SECRET, ID, SIGNED_AT and BODY. */
    const BY_PASSERELLE = 'v1,eEDvzqc5T4VU7yisjAXvB5IOjtCPD54a/3ngNgRE8Y4=';

    public function test_passerelles_own_signature_verifies(): void {
        $this->assertSame(self::BY_PASSERELLE, signature::sign(self::SECRET, self::ID, self::SIGNED_AT, self::BODY));
        $this->assertTrue(signature::verify(self::SECRET, self::ID, (string) self::SIGNED_AT, self::BY_PASSERELLE,
            self::BODY, self::SIGNED_AT + 2));
        // several signatures (a secret rotation): one matching is enough
        $this->assertTrue(signature::verify(self::SECRET, self::ID, (string) self::SIGNED_AT,
            'v1,AAAA ' . self::BY_PASSERELLE, self::BODY, self::SIGNED_AT));
    }

    public function test_the_fingerprint_is_the_one_passerelle_shows(): void {
        $this->assertSame('3a16ea44972cbd90', signature::fingerprint(self::SECRET));   // WebhookSigner.fingerprint
    }

    public function test_forged_changed_or_replayed_webhooks_are_refused(): void {
        $now = self::SIGNED_AT;
        $other = 'whsec_' . base64_encode(str_repeat('k', 32));
        $this->assertFalse(signature::verify($other, self::ID, (string) $now, self::BY_PASSERELLE, self::BODY, $now));
        $this->assertFalse(signature::verify(self::SECRET, self::ID, (string) $now, self::BY_PASSERELLE,
            str_replace('4550', '4551', self::BODY), $now));
        $this->assertFalse(signature::verify(self::SECRET, 'msg_other', (string) $now, self::BY_PASSERELLE, self::BODY, $now));
        $this->assertFalse(signature::verify(self::SECRET, self::ID, (string) ($now + 1), self::BY_PASSERELLE, self::BODY, $now),
            'the timestamp is signed too');
        // replayed later than five minutes, or dated in the future
        $this->assertTrue(signature::verify(self::SECRET, self::ID, (string) $now, self::BY_PASSERELLE, self::BODY, $now + 300));
        $this->assertFalse(signature::verify(self::SECRET, self::ID, (string) $now, self::BY_PASSERELLE, self::BODY, $now + 301));
        $this->assertFalse(signature::verify(self::SECRET, self::ID, (string) $now, self::BY_PASSERELLE, self::BODY, $now - 301));
        foreach ([null, '', 'soon', '1e9'] as $timestamp) {
            $this->assertFalse(signature::verify(self::SECRET, self::ID, $timestamp, self::BY_PASSERELLE, self::BODY, $now));
        }
        $this->assertFalse(signature::verify(self::SECRET, null, (string) $now, self::BY_PASSERELLE, self::BODY, $now));
        $this->assertFalse(signature::verify(self::SECRET, self::ID, (string) $now, null, self::BODY, $now));
        $this->assertFalse(signature::verify(self::SECRET, self::ID, (string) $now, 'v1,', self::BODY, $now));
    }

    public function test_a_secret_must_have_passerelles_form(): void {
        $this->assertTrue(signature::is_valid_secret(self::SECRET));
        $this->assertFalse(signature::is_valid_secret('MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSwAbCdEfGhIjk='));
        $this->assertFalse(signature::is_valid_secret('whsec_short'));
        $this->assertFalse(signature::is_valid_secret('whsec_not base64 at all!!!!!!!!!!!!!!!!!!'));
        $this->assertFalse(signature::verify('whsec_short', self::ID, (string) self::SIGNED_AT,
            signature::sign('whsec_short', self::ID, self::SIGNED_AT, self::BODY), self::BODY, self::SIGNED_AT));
    }
}
