<?php
// This file is part of paygw_passerelle, a Moodle payment gateway for Passerelle.
// SPDX-License-Identifier: GPL-3.0-or-later

/**
 * English strings of the Passerelle payment gateway.
 *
 * @package    paygw_passerelle
 * @copyright  2026 Passerelle contributors
 * @license    https://www.gnu.org/licenses/gpl-3.0.html GNU GPL v3 or later
 */

defined('MOODLE_INTERNAL') || die();

$string['alreadypaid'] = 'This payment has already been received.';
$string['apikey'] = 'API key';
$string['apikey_help'] = 'An API key of Passerelle: one from its configuration (passerelle.api.keys) or one created in its admin console (API keys), shown once at creation.';
$string['check:apikey'] = 'Passerelle refused this API key (wrong or revoked). Paste an active key of this Passerelle.';
$string['check:apikeyrequired'] = 'Give an API key of Passerelle.';
$string['check:blocked'] = 'Moodle\'s HTTP security settings block {$a->url}. Remove {$a->host} from "cURL blocked hosts list" and add {$a->port} to "cURL allowed ports list" (Site administration > General > Security > HTTP security), or use Passerelle\'s public https address.';
$string['check:events'] = 'Passerelle\'s webhook endpoint for this site does not receive {$a}: add it to the endpoint\'s events in Passerelle, or let it receive every event.';
$string['check:noendpoint'] = 'Passerelle has no webhook endpoint with the address {$a}. Add one in Passerelle (admin console, Webhooks, or passerelle.webhooks.endpoints) and paste its secret here.';
$string['check:notpasserelle'] = 'No Passerelle API answers at {$a->url} (HTTP {$a->status}). Give Passerelle\'s address, without /api.';
$string['check:secretform'] = 'The webhook secret starts with whsec_, as Passerelle shows it.';
$string['check:unreachable'] = 'Moodle could not reach {$a->url}: {$a->detail}';
$string['check:url'] = 'Give Passerelle\'s address, for example https://pay.example.org.';
$string['check:wrongsecret'] = 'This is not the secret of Passerelle\'s webhook endpoint {$a}: paste the secret Passerelle showed when the endpoint was added.';
$string['error:alreadydelivered'] = 'The order {$a} was delivered by another request.';
$string['error:amounttoosmall'] = 'HelloAsso takes payments of 0.50 EUR or more.';
$string['error:blocked'] = 'Moodle\'s HTTP security settings block the address of Passerelle ({$a->url}).';
$string['error:busy'] = 'This payment is already being prepared: try again in a moment.';
$string['error:currency'] = 'HelloAsso takes euros only, not {$a}.';
$string['error:deliveryrefused'] = 'The payment was received but {$a} did not deliver it; it will be tried again.';
$string['error:guest'] = 'Log in to pay.';
$string['error:notconfigured'] = 'The Passerelle gateway of payment account {$a} is not configured.';
$string['error:notfound'] = 'Passerelle does not know this order ({$a->url}).';
$string['error:notpasserelle'] = 'No Passerelle API answers at {$a->url} (HTTP {$a->status}).';
$string['error:notyourpayment'] = 'This payment is another user\'s.';
$string['error:refused'] = 'Passerelle refused the request (HTTP {$a->status}, {$a->code}): {$a->detail}';
$string['error:unauthorized'] = 'Passerelle refused the API key of this payment account.';
$string['error:unknownpayment'] = 'Unknown payment: the link is incomplete or wrong.';
$string['error:unreachable'] = 'The payment service cannot be reached just now ({$a->url}). Try again in a few minutes.';
$string['gatewaydescription'] = 'Pay by card with HelloAsso, the payment platform of French associations.';
$string['gatewayname'] = 'HelloAsso';
$string['itemname:enrol'] = 'Enrolment: {$a}';
$string['itemname:other'] = 'Payment {$a}';
$string['passerelleurl'] = 'Passerelle address';
$string['passerelleurl_help'] = 'The public address of your Passerelle, for example https://pay.example.org. Moodle calls its API, and learners are sent there to pay.';
$string['pluginname'] = 'Passerelle (HelloAsso)';
$string['pluginname_desc'] = 'Learners pay by card with HelloAsso through your Passerelle, which checks every payment with HelloAsso, tells Moodle and reconciles. Set Passerelle\'s address, API key and webhook secret in each payment account that uses it.';
$string['privacy:attempts'] = 'Passerelle payment attempts';
$string['privacy:metadata:passerelle'] = 'To pre-fill HelloAsso\'s payment page and find the payment later, the user\'s details are sent to Passerelle, the association\'s payment server, which sends the names, e-mail address and country on to HelloAsso.';
$string['privacy:metadata:passerelle:country'] = 'The user\'s country.';
$string['privacy:metadata:passerelle:email'] = 'The user\'s e-mail address.';
$string['privacy:metadata:passerelle:firstname'] = 'The user\'s first name.';
$string['privacy:metadata:passerelle:lastname'] = 'The user\'s last name.';
$string['privacy:metadata:passerelle:userid'] = 'The user\'s id, in the order\'s metadata.';
$string['privacy:metadata:paygw_passerelle'] = 'Each attempt of a user to pay through Passerelle.';
$string['privacy:metadata:paygw_passerelle:amount'] = 'The amount to pay.';
$string['privacy:metadata:paygw_passerelle:orderid'] = 'The order at Passerelle.';
$string['privacy:metadata:paygw_passerelle:status'] = 'The order\'s status at Passerelle.';
$string['privacy:metadata:paygw_passerelle:timecreated'] = 'When the attempt started.';
$string['privacy:metadata:paygw_passerelle:userid'] = 'The user who pays.';
$string['return:back'] = 'Back';
$string['return:checkagain'] = 'Check again';
$string['return:closed'] = 'This payment was cancelled or refunded.';
$string['return:follow'] = 'Follow this payment on the payment service';
$string['return:paid'] = 'Thank you: your payment was received.';
$string['return:payagain'] = 'Try again';
$string['return:paynow'] = 'Pay now';
$string['return:refused'] = 'HelloAsso refused the payment and nothing was taken. You can try again, with another card if need be.';
$string['return:title'] = 'Payment';
$string['return:unavailable'] = 'The payment service could not be asked just now. If you paid, your access follows by itself within minutes: you can close this page.';
$string['return:waiting'] = 'Your payment is not confirmed yet. If you paid, HelloAsso may still be confirming it with your bank: your access follows by itself, and you can close this page. If you did not finish paying, pay now.';
$string['task:checkpending'] = 'Check open Passerelle payments';
$string['unenrolonrefund'] = 'End the enrolment on a full refund';
$string['unenrolonrefund_help'] = 'When an order is fully refunded in Passerelle (or in HelloAsso\'s back office), the learner is unenrolled from the course paid for (course enrolment on payment only). Passerelle\'s webhook endpoint must then receive order.refunded.';
$string['webhooksecret'] = 'Webhook secret';
$string['webhooksecret_help'] = 'The secret of the webhook endpoint you added in Passerelle for the address above (whsec_…). Passerelle shows it once, when the endpoint is added.';
$string['webhookurl'] = 'Webhook address';
$string['webhookurl_help'] = 'Add a webhook endpoint with exactly this address in Passerelle (admin console, Webhooks), for the events order.paid and order.refunded (or every event). Passerelle then tells Moodle about payments even when the learner does not come back.';
