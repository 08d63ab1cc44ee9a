/*
 * Live status of a pending order: listens to the server-sent events of /orders/{id}/events and updates the page in
 * place when the payment is settled. Without EventSource, or when the stream fails, it asks /payment-status every
 * 10 seconds for one minute, then stops (the "check now" button and a refresh still work). No dependencies.
 */
(function () {
  'use strict';
  var root = document.getElementById('live-status');
  if (!root || root.getAttribute('data-status') !== 'PENDING') {
    return;
  }
  var POLL_EVERY_MS = 10000;
  var POLL_FOR_MS = 60000;
  var settled = false;
  var source = null;

  function show(id, visible) {
    var element = document.getElementById(id);
    if (element) {
      element.hidden = !visible;
    }
  }

  // HelloAsso shows the payment in the payer's bank's hands: say so, and no way to pay again meanwhile
  function awaitBank() {
    show('awaiting-bank', true);
    show('waiting', false);
    show('pay-again', false);
    show('notice', false);
  }

  function apply(status) {
    if (settled || !status) {
      return;
    }
    if (status.status === 'PENDING') {
      if (status.awaitingBank) {
        awaitBank();
      }
      return;
    }
    settled = true;
    if (source) {
      source.close();
    }
    var label = document.getElementById('status');
    label.textContent = root.getAttribute('data-label-' + status.status.toLowerCase()) || status.status;
    label.setAttribute('data-status', status.status);
    root.className = root.className.replace(/status-[a-z]+/, 'status-' + status.status.toLowerCase());
    root.setAttribute('data-status', status.status);
    show('waiting', false);
    show('awaiting-bank', false);
    show('check-form', false);
    // a notice about the wait ("not confirmed yet", "check now") is no longer true
    show('notice', false);
    show('paid-thanks', status.paid);
    show('pay-again', !status.paid && status.status !== 'CANCELLED');
    var pay = document.getElementById('pay');
    if (pay && status.status === 'FAILED' && pay.getAttribute('data-label-retry')) {
      pay.textContent = pay.getAttribute('data-label-retry');
    }
    var receipt = document.getElementById('receipt');
    if (status.paid && status.receiptUrl && receipt) {
      receipt.href = status.receiptUrl;
      show('receipt-row', true);
    }
  }

  function poll() {
    var started = Date.now();
    function ask() {
      if (settled || Date.now() - started > POLL_FOR_MS) {
        return;
      }
      var request = new XMLHttpRequest();
      request.open('GET', root.getAttribute('data-status-url'));
      request.setRequestHeader('Accept', 'application/json');
      request.onload = function () {
        if (request.status === 200) {
          try { apply(JSON.parse(request.responseText)); } catch (ignored) { /* keep polling */ }
        }
      };
      request.send();
      setTimeout(ask, POLL_EVERY_MS);
    }
    setTimeout(ask, POLL_EVERY_MS);
  }

  if (!window.EventSource) {
    poll();
    return;
  }
  source = new EventSource(root.getAttribute('data-events-url'));
  source.addEventListener('status', function (event) {
    try { apply(JSON.parse(event.data)); } catch (ignored) { /* next event */ }
  });
  source.onerror = function () {
    if (settled) {
      return;
    }
    // the stream failed or ended (proxy, server restart): poll for a minute instead
    source.close();
    poll();
  };
}());
