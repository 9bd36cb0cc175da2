/*
| Listeners of domain events. A registry event (decision 7) goes to the live
| screens over SSE; a visit started without a call calls its patient (BRD-R1).
*/
import emitter from '@adonisjs/core/services/emitter'
import liveEvents from '#services/board/live_events'
import callingService from '#services/queue/calling_service'

emitter.on('registry:event', (event) => liveEvents.publish(event))
emitter.on('registry:event', (event) => callingService.callOnStart(event))
